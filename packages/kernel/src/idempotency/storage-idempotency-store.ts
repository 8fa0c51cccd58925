import { ok, type Result } from 'neverthrow';
import { shareStoreTransactions } from '../batching/shared-store-transactions.js';
import {
  expiresAtMsOf,
  type PurgeReport,
  type PurgeRequest,
  purgeExpiredRecords,
} from '../cache/expiring-records.js';
import { runStoreTransaction } from '../cache/store-transaction.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { assert } from '../errors/assert.js';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { RecordStore, StoredRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import {
  assertIdempotencyClaim,
  assertIdempotencyKey,
  assertIdempotencyLeaseId,
} from './assert-idempotency.js';
import type {
  IdempotencyClaim,
  IdempotencyClaimOptions,
  IdempotencyStore,
} from './idempotency-store.js';
import {
  assertStoredResponse,
  IDEMPOTENT_RESPONSE_MAX_BYTES,
  type StoredResponse,
  storedResponseFits,
  storedResponseJson,
} from './stored-response.js';

/** The collection of idempotency entries: one record per tenant and key. */
const IDEMPOTENCY_COLLECTION = 'strongroom.idempotency';

/** What {@link createStorageIdempotencyStore} needs. */
export interface StorageIdempotencyStoreOptions {
  readonly storage: Storage;
  /** Source of every lease's end and every response's expiry; default the system clock. */
  readonly clock?: Clock;
}

/** An {@link IdempotencyStore} on storage records, which also sweeps the entries that have expired. */
export interface StorageIdempotencyStore extends IdempotencyStore {
  /**
   * Deletes one tenant's expired entries (ended leases, responses past their time to live), a
   * bounded number of pages per call: the storage port has no time to live.
   */
  purgeExpired(
    tenantId: TenantId,
    request?: PurgeRequest,
  ): Promise<Result<PurgeReport, InfrastructureError>>;
}

/** A live entry: claimed under a lease, or completed with its response. */
type Entry =
  | {
      readonly kind: 'claimed';
      readonly fingerprint: string;
      readonly leaseId: string;
      readonly ttlMs: number;
    }
  | { readonly kind: 'completed'; readonly fingerprint: string; readonly response: StoredResponse };

function entryOf(record: StoredRecord): Entry {
  const { fingerprint, leaseId, ttlMs, response } = record.data;
  assert(typeof fingerprint === 'string', 'an idempotency entry lacks its fingerprint');
  if (response !== undefined) {
    assertStoredResponse(response);
    return { kind: 'completed', fingerprint, response };
  }
  assert(
    typeof leaseId === 'string' && typeof ttlMs === 'number',
    'a claimed idempotency entry lacks its lease',
  );
  return { kind: 'claimed', fingerprint, leaseId, ttlMs };
}

/** What a claim of a key with a live entry gets. */
function refusal(entry: Entry, fingerprint: string): IdempotencyClaim {
  if (entry.fingerprint !== fingerprint) return { state: 'mismatch' };
  if (entry.kind === 'completed') return { state: 'completed', response: entry.response };
  return { state: 'in_progress' };
}

/** Room for a completed entry's key, fingerprint and expiry besides its response. */
const ENTRY_OVERHEAD_BYTES = 1024;

/** The records of the keys a transaction locked, as they stand after its own writes. */
type LockedRecords = Map<string, StoredRecord | undefined>;

/** Reads every key's record for update, in one read (the storage locks them in id order). */
async function lockRecords(records: RecordStore, keys: readonly string[]): Promise<LockedRecords> {
  const unique = [...new Set(keys)];
  const found = await records.getMany(IDEMPOTENCY_COLLECTION, unique, { lock: true });
  return new Map(unique.map((key, position) => [key, found[position]]));
}

/** The key's version (0 when absent) and its entry, or no entry when absent or expired. */
function entryAt(
  locked: LockedRecords,
  key: string,
  nowMs: number,
): { readonly version: number; readonly entry: Entry | undefined } {
  assert(locked.has(key), 'an idempotency key is locked before it is used');
  const record = locked.get(key);
  if (record === undefined) return { version: 0, entry: undefined };
  const live = expiresAtMsOf(record) > nowMs;
  return { version: record.version, entry: live ? entryOf(record) : undefined };
}

/** A claim as asked, with the instant it was asked at. */
interface ClaimCall {
  readonly key: string;
  readonly fingerprint: string;
  readonly options: IdempotencyClaimOptions;
  readonly nowMs: number;
}

/** A completion as asked, with the instant it was asked at. */
interface CompleteCall {
  readonly key: string;
  readonly leaseId: string;
  readonly response: StoredResponse;
  readonly nowMs: number;
}

async function claimLocked(
  records: RecordStore,
  locked: LockedRecords,
  call: ClaimCall,
): Promise<IdempotencyClaim> {
  const { version, entry } = entryAt(locked, call.key, call.nowMs);
  if (entry !== undefined) return refusal(entry, call.fingerprint);
  const leaseId = crypto.randomUUID();
  const written = await records.put({
    collection: IDEMPOTENCY_COLLECTION,
    id: call.key,
    data: {
      fingerprint: call.fingerprint,
      leaseId,
      ttlMs: call.options.ttlMs,
      expiresAtMs: call.nowMs + call.options.leaseMs,
    },
    expectedVersion: version,
  });
  locked.set(call.key, written);
  return { state: 'claimed', leaseId };
}

async function completeLocked(
  records: RecordStore,
  locked: LockedRecords,
  call: CompleteCall,
): Promise<boolean> {
  const { version, entry } = entryAt(locked, call.key, call.nowMs);
  if (entry?.kind !== 'claimed' || entry.leaseId !== call.leaseId) return false;
  const written = await records.put({
    collection: IDEMPOTENCY_COLLECTION,
    id: call.key,
    data: {
      fingerprint: entry.fingerprint,
      response: storedResponseJson(call.response),
      expiresAtMs: call.nowMs + entry.ttlMs,
    },
    expectedVersion: version,
  });
  locked.set(call.key, written);
  return true;
}

/**
 * How calls of one kind (`apply`) run: in one transaction of `storage` that locks all their keys
 * in one read and then applies them in order, each seeing the ones before it (two claims of one
 * key: one wins). On a storage that declares `capabilities.sharedTransactions` (Postgres) the
 * concurrent calls of a tenant share such a transaction, at most 32 (or
 * what the storage's limits hold) and one of them per tenant at a time; elsewhere each call runs
 * alone.
 */
function callRunner<Call extends { readonly key: string }, Answer>(
  storage: Storage,
  operation: string,
  apply: (records: RecordStore, locked: LockedRecords, call: Call) => Promise<Answer>,
): (tenantId: TenantId, call: Call) => Promise<Result<Answer, InfrastructureError>> {
  const size = { writes: 1, bytes: IDEMPOTENT_RESPONSE_MAX_BYTES + ENTRY_OVERHEAD_BYTES };
  return shareStoreTransactions(
    storage,
    operation,
    size,
    async (records, calls: readonly Call[]) => {
      const locked = await lockRecords(
        records,
        calls.map((call) => call.key),
      );
      const answers: Answer[] = [];
      for (const call of calls) answers.push(await apply(records, locked, call));
      return answers;
    },
  );
}

/**
 * The idempotency store for every storage adapter at once, for deployments without Redis. Each
 * entry is a record whose `expiresAtMs` is its lease's end while claimed and its response's
 * expiry once completed; a record past it counts as absent. A claim writes with the version it
 * read (0 when absent), so of concurrent claims one commits and the others, run again, see it.
 * On a storage that declares `capabilities.sharedTransactions` (Postgres), the concurrent claims
 * of a tenant share one transaction, and so do its completions: every request with an
 * `Idempotency-Key` makes one of each, and their commits, not their rows, are the cost.
 * Bad keys, fingerprints, lifetimes and responses throw (see {@link assertIdempotencyKey}).
 */
export function createStorageIdempotencyStore(
  options: StorageIdempotencyStoreOptions,
): StorageIdempotencyStore {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now().getTime();
  const claims = callRunner(storage, 'idempotency.claim', claimLocked);
  const completions = callRunner(storage, 'idempotency.complete', completeLocked);
  return {
    name: `storage:${storage.name}`,
    async claim(tenantId, key, fingerprint, claimOptions) {
      assertIdempotencyKey(key);
      assertIdempotencyClaim(fingerprint, claimOptions);
      return claims(tenantId, { key, fingerprint, options: claimOptions, nowMs: nowMs() });
    },
    async complete(tenantId, key, leaseId, response) {
      assertIdempotencyKey(key);
      assertIdempotencyLeaseId(leaseId);
      assertStoredResponse(response);
      // Too large to replay: an operating condition the caller can check first, not a bug.
      if (!storedResponseFits(response)) return ok(false);
      return completions(tenantId, { key, leaseId, response, nowMs: nowMs() });
    },
    async release(tenantId, key, leaseId) {
      assertIdempotencyKey(key);
      assertIdempotencyLeaseId(leaseId);
      const now = nowMs();
      return runStoreTransaction(storage, tenantId, 'idempotency.release', async (records) => {
        const { version, entry } = entryAt(await lockRecords(records, [key]), key, now);
        if (entry?.kind !== 'claimed' || entry.leaseId !== leaseId) return;
        await records.delete({
          collection: IDEMPOTENCY_COLLECTION,
          id: key,
          expectedVersion: version,
        });
      });
    },
    purgeExpired: (tenantId, request) =>
      purgeExpiredRecords(storage, tenantId, IDEMPOTENCY_COLLECTION, nowMs(), request),
  };
}
