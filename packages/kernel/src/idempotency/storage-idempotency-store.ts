import { ok, type Result } from 'neverthrow';
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
import type { IdempotencyClaim, IdempotencyStore } from './idempotency-store.js';
import {
  assertStoredResponse,
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

/**
 * Reads the key's record for update: its version (0 when absent) and its entry, or no entry when
 * the record is absent or expired at `nowMs`.
 */
async function lockEntry(
  records: RecordStore,
  key: string,
  nowMs: number,
): Promise<{ readonly version: number; readonly entry: Entry | undefined }> {
  const [record] = await records.getMany(IDEMPOTENCY_COLLECTION, [key], { lock: true });
  if (record === undefined) return { version: 0, entry: undefined };
  const live = expiresAtMsOf(record) > nowMs;
  return { version: record.version, entry: live ? entryOf(record) : undefined };
}

/**
 * The idempotency store for every storage adapter at once, for deployments without Redis. Each
 * entry is a record whose `expiresAtMs` is its lease's end while claimed and its response's
 * expiry once completed; a record past it counts as absent. A claim writes with the version it
 * read (0 when absent), so of concurrent claims one commits and the others, run again, see it.
 * Bad keys, fingerprints, lifetimes and responses throw (see {@link assertIdempotencyKey}).
 */
export function createStorageIdempotencyStore(
  options: StorageIdempotencyStoreOptions,
): StorageIdempotencyStore {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now().getTime();
  return {
    name: `storage:${storage.name}`,
    async claim(tenantId, key, fingerprint, claimOptions) {
      assertIdempotencyKey(key);
      assertIdempotencyClaim(fingerprint, claimOptions);
      const now = nowMs();
      return runStoreTransaction(storage, tenantId, 'idempotency.claim', async (records) => {
        const { version, entry } = await lockEntry(records, key, now);
        if (entry !== undefined) return refusal(entry, fingerprint);
        const leaseId = crypto.randomUUID();
        await records.put({
          collection: IDEMPOTENCY_COLLECTION,
          id: key,
          data: {
            fingerprint,
            leaseId,
            ttlMs: claimOptions.ttlMs,
            expiresAtMs: now + claimOptions.leaseMs,
          },
          expectedVersion: version,
        });
        return { state: 'claimed', leaseId } satisfies IdempotencyClaim;
      });
    },
    async complete(tenantId, key, leaseId, response) {
      assertIdempotencyKey(key);
      assertIdempotencyLeaseId(leaseId);
      assertStoredResponse(response);
      // Too large to replay: an operating condition the caller can check first, not a bug.
      if (!storedResponseFits(response)) return ok(false);
      const now = nowMs();
      return runStoreTransaction(storage, tenantId, 'idempotency.complete', async (records) => {
        const { version, entry } = await lockEntry(records, key, now);
        if (entry?.kind !== 'claimed' || entry.leaseId !== leaseId) return false;
        await records.put({
          collection: IDEMPOTENCY_COLLECTION,
          id: key,
          data: {
            fingerprint: entry.fingerprint,
            response: storedResponseJson(response),
            expiresAtMs: now + entry.ttlMs,
          },
          expectedVersion: version,
        });
        return true;
      });
    },
    async release(tenantId, key, leaseId) {
      assertIdempotencyKey(key);
      assertIdempotencyLeaseId(leaseId);
      const now = nowMs();
      return runStoreTransaction(storage, tenantId, 'idempotency.release', async (records) => {
        const { version, entry } = await lockEntry(records, key, now);
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
