import {
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { expiresAtMsOf } from '../cache/expiring-records.js';
import { runStoreTransaction } from '../cache/store-transaction.js';
import type { Clock } from '../clock/clock.js';
import { assert } from '../errors/assert.js';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { RecordStore, StoredRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import type { RateLimitPolicy } from './rate-limiter.js';

/** The collection of rate-limit windows: one record per policy and key, per tenant. */
export const RATE_LIMITS_COLLECTION = 'strongroom.rate_limits';

// rate-limiter-flexible 11 declares RateLimiterStoreAbstract in its types but leaves it out of
// its index, and its `lib/` files have no type declarations. Every store class of the index
// extends it directly, so it is taken as the prototype of one of them; the check below fails
// loudly at import if a release ever changes that.
const StoreAbstract = Object.getPrototypeOf(RateLimiterRedis) as typeof RateLimiterStoreAbstract;
assert(
  '_afterConsume' in StoreAbstract.prototype,
  'rate-limiter-flexible no longer has RateLimiterRedis extend RateLimiterStoreAbstract',
);

/** A storage failure on its way through the library's promise chain, back to the limiter. */
export class RateLimitStoreFailure extends Error {
  override readonly name = 'RateLimitStoreFailure';
  readonly fault: InfrastructureError;

  constructor(fault: InfrastructureError) {
    super('the rate-limit store failed');
    this.fault = fault;
  }
}

/** One key's window as a transaction left it, and the instant it was computed for. */
interface WindowState {
  readonly points: number;
  readonly expiresAtMs: number;
  readonly nowMs: number;
}

/**
 * Runs one read-and-write of windows: in a transaction of its own (one `consume`), or in the
 * transaction several consumptions share (`consumeMany`). Throws what the library must carry back.
 */
export type RateLimitStoreRunner = <T>(
  operation: string,
  fn: (records: RecordStore) => Promise<T>,
) => Promise<T>;

/** Where one store instance keeps its windows. */
export interface RateLimitStoreContext {
  readonly clock: Clock;
  readonly run: RateLimitStoreRunner;
}

/**
 * A runner giving each read-and-write a transaction of its own; a storage failure travels through
 * the library as a {@link RateLimitStoreFailure}.
 */
export function ownTransactionRunner(storage: Storage, tenantId: TenantId): RateLimitStoreRunner {
  return async (operation, fn) => {
    const result = await runStoreTransaction(storage, tenantId, operation, fn);
    if (result.isErr()) throw new RateLimitStoreFailure(result.error);
    return result.value;
  };
}

/** A runner for read-and-writes inside a transaction the caller runs: its failures are its own. */
export function sharedTransactionRunner(records: RecordStore): RateLimitStoreRunner {
  return (_operation, fn) => fn(records);
}

/**
 * rate-limiter-flexible's store for one tenant and one policy, on storage records: the library
 * decides (points against the limit, when a block starts), this class only keeps the counts.
 * The library's key (`<policy>:<key digest>`) is the record id. It reads no clock in this use:
 * its in-memory block list and `execEvenly` delays, which use `Date.now` and timers, stay off,
 * so every instant comes from {@link Clock}. The library's `get` is never called by the limiter,
 * so its `_get` is not implemented.
 */
export class StorageRateLimitStore extends StoreAbstract {
  readonly #context: RateLimitStoreContext;

  constructor(context: RateLimitStoreContext, policy: RateLimitPolicy) {
    super({
      // The library insists on a client; this store's only client is its runner.
      storeClient: context.run,
      keyPrefix: policy.name,
      points: policy.points,
      duration: policy.durationMs / 1000,
      blockDuration: (policy.blockDurationMs ?? 0) / 1000,
    });
    this.#context = context;
  }

  /**
   * Adds `points` to the key's window, or starts a window of `msDuration` when there is none,
   * the last one has ended, or `forceExpire` asks (a block: the window then holds `points`).
   */
  async _upsert(
    recordId: string,
    points: number,
    msDuration: number,
    forceExpire: boolean,
  ): Promise<WindowState> {
    // The library turns our milliseconds into seconds and back: round off the float error.
    const durationMs = Math.round(msDuration);
    assert(durationMs >= 1, 'every window this limiter starts has an end');
    const nowMs = this.#context.clock.now().getTime();
    const window = await this.#run('rate_limit.consume', async (records) => {
      const [current] = await records.getMany(RATE_LIMITS_COLLECTION, [recordId], { lock: true });
      const next =
        current === undefined || forceExpire || expiresAtMsOf(current) <= nowMs
          ? { points, expiresAtMs: nowMs + durationMs }
          : { points: pointsOf(current) + points, expiresAtMs: expiresAtMsOf(current) };
      await records.put({
        collection: RATE_LIMITS_COLLECTION,
        id: recordId,
        data: next,
        expectedVersion: current?.version ?? 0,
      });
      return next;
    });
    return { ...window, nowMs };
  }

  /** Deletes the key's window; resolves whether there was one. */
  async _delete(recordId: string): Promise<boolean> {
    return this.#run('rate_limit.reset', async (records) => {
      const [current] = await records.getMany(RATE_LIMITS_COLLECTION, [recordId], { lock: true });
      if (current === undefined) return false;
      await records.delete({
        collection: RATE_LIMITS_COLLECTION,
        id: recordId,
        expectedVersion: current.version,
      });
      return true;
    });
  }

  /** The library's view of a window, from what {@link _upsert} resolved. */
  _getRateLimiterRes(_recordId: string, changedPoints: number, window: WindowState) {
    return new RateLimiterRes(
      Math.max(this.points - window.points, 0),
      window.expiresAtMs - window.nowMs,
      window.points,
      window.points === changedPoints,
    );
  }

  #run<T>(operation: string, fn: (records: RecordStore) => Promise<T>): Promise<T> {
    return this.#context.run(operation, fn);
  }
}

function pointsOf(record: StoredRecord): number {
  const points = record.data['points'];
  assert(
    typeof points === 'number' && Number.isSafeInteger(points),
    'a rate-limit window lacks its points',
  );
  return points;
}
