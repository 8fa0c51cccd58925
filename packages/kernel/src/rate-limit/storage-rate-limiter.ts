import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { err, ok, type Result } from 'neverthrow';
import { shareStoreTransactions } from '../batching/shared-store-transactions.js';
import {
  type PurgeReport,
  type PurgeRequest,
  purgeExpiredRecords,
} from '../cache/expiring-records.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { assert } from '../errors/assert.js';
import { type InfrastructureError, infrastructureError } from '../errors/infrastructure-error.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import {
  assertRateLimitConsumptions,
  assertRateLimitKey,
  assertRateLimitPolicy,
} from './assert-rate-limit.js';
import { consumptionDecision, degradedRateLimitDecision } from './rate-limit-decision.js';
import {
  RATE_LIMIT_CONSUMPTIONS_MAX,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitPolicy,
} from './rate-limiter.js';
import {
  ownTransactionRunner,
  RATE_LIMITS_COLLECTION,
  RateLimitStoreFailure,
  StorageRateLimitStore,
  sharedTransactionRunner,
} from './storage-rate-limit-store.js';

/** What {@link createStorageRateLimiter} needs. */
export interface StorageRateLimiterOptions {
  readonly storage: Storage;
  /** Source of every window's start and end; default the system clock. */
  readonly clock?: Clock;
}

/** A {@link RateLimiter} on storage records, which also sweeps the windows that have ended. */
export interface StorageRateLimiter extends RateLimiter {
  /**
   * Deletes one tenant's ended windows, a bounded number of pages per call: the storage port has
   * no time to live, so a key seen once (an address, a login name) would otherwise stay forever.
   */
  purgeExpired(
    tenantId: TenantId,
    request?: PurgeRequest,
  ): Promise<Result<PurgeReport, InfrastructureError>>;
}

/** One window a call counts against: its policy, points and the key's digest. */
interface CountedWindow {
  readonly policy: RateLimitPolicy;
  readonly points: number;
  readonly digest: string;
}

/**
 * Counts calls' windows in one transaction: every window of every call locked in one read, in id
 * order as every adapter locks (so each consumption then finds its window held, on Postgres
 * without another statement, and two transactions over the same windows cannot deadlock), then
 * each call's consumptions in order, each seeing the ones before it. On a storage that declares
 * `capabilities.sharedTransactions` (Postgres) the concurrent calls of a tenant share such a
 * transaction (see `shareStoreTransactions`); elsewhere each call runs alone.
 */
function windowCounter(storage: Storage, clock: Clock) {
  return shareStoreTransactions(
    storage,
    'rate_limit.consume',
    { writes: RATE_LIMIT_CONSUMPTIONS_MAX },
    async (records, calls: readonly (readonly CountedWindow[])[]) => {
      const run = sharedTransactionRunner(records);
      const stored = calls.map((windows) =>
        windows.map((window) => ({
          ...window,
          store: new StorageRateLimitStore({ clock, run }, window.policy),
        })),
      );
      const windowIds = new Set(stored.flat().map(({ store, digest }) => store.getKey(digest)));
      await records.getMany(RATE_LIMITS_COLLECTION, [...windowIds], { lock: true });
      const answers: RateLimitDecision[][] = [];
      for (const windows of stored) {
        const decisions: RateLimitDecision[] = [];
        for (const { policy, points, digest, store } of windows)
          decisions.push(await consumptionDecision(policy, store.consume(digest, points)));
        answers.push(decisions);
      }
      return answers;
    },
  );
}

/**
 * The rate limiter for every storage adapter at once (memory, Postgres, PGlite, DynamoDB), built
 * on rate-limiter-flexible's store abstraction: a fixed window from a key's first consumption,
 * and with `blockDurationMs` a block from the first refused consumption. Each window is one
 * record per tenant, policy and key, whose id holds the SHA-256 of the key rather than the key,
 * which is often personal data (an address, a login name). A `consume` or `consumeMany` call
 * counts in one transaction that locks its windows, so concurrent consumers never overspend one;
 * on Postgres the concurrent calls of a tenant share that transaction, since every sign-in makes
 * one and their commits, not their rows, are the cost.
 */
export function createStorageRateLimiter(options: StorageRateLimiterOptions): StorageRateLimiter {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const count = windowCounter(storage, clock);
  const consumeMany: RateLimiter['consumeMany'] = async (tenantId, consumptions) => {
    assertRateLimitConsumptions(consumptions);
    const windows = consumptions.map(({ policy, key, points = 1 }) => ({
      policy,
      points,
      digest: keyDigest(key),
    }));
    const counted = await count(tenantId, windows);
    if (counted.isOk()) return ok(counted.value);
    // Nothing was counted: fail-open consumptions pass, and any fail-closed one refuses them all.
    if (consumptions.some(({ policy }) => policy.failMode === 'closed'))
      return err(closedRefusal(counted.error));
    return ok(consumptions.map(({ policy }) => degradedRateLimitDecision(policy)));
  };
  return {
    name: `storage:${storage.name}`,
    async consume(tenantId, policy, key, points = 1) {
      const decided = await consumeMany(tenantId, [{ policy, key, points }]);
      return decided.map(([decision]) => {
        assert(decision !== undefined, 'one consumption gets one decision');
        return decision;
      });
    },
    consumeMany,
    async reset(tenantId, policy, key) {
      assertRateLimitPolicy(policy);
      assertRateLimitKey(key);
      const store = new StorageRateLimitStore(
        { clock, run: ownTransactionRunner(storage, tenantId) },
        policy,
      );
      try {
        await store.delete(keyDigest(key));
        return ok(undefined);
      } catch (thrown) {
        if (thrown instanceof RateLimitStoreFailure) return err(thrown.fault);
        throw thrown;
      }
    },
    purgeExpired: (tenantId, request) =>
      purgeExpiredRecords(
        storage,
        tenantId,
        RATE_LIMITS_COLLECTION,
        clock.now().getTime(),
        request,
      ),
  };
}

/** The error of a fail-closed consumption whose store could not answer. */
function closedRefusal(fault: InfrastructureError): InfrastructureError {
  return infrastructureError({
    retryable: true,
    operation: 'rate_limit.consume',
    message: `the store failed (${fault.operation}: ${fault.message}); refused as the policy fails closed`,
    code: fault.code,
  });
}

/**
 * The key's SHA-256 in hex: a fixed-length record id that does not store the key itself. Hashed
 * in line rather than through WebCrypto, whose asynchronous job costs far more than hashing a key
 * of a few dozen bytes.
 */
function keyDigest(key: string): string {
  return bytesToHex(sha256(utf8ToBytes(key)));
}
