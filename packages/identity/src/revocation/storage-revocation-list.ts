import {
  type Clock,
  createRecordReadCoalescer,
  expiresAtMsOf,
  type InfrastructureError,
  ok,
  type PurgeReport,
  type PurgeRequest,
  purgeExpiredRecords,
  type Result,
  type Storage,
  shareStoreTransactions,
  systemClock,
  type TenantId,
  toStoreFault,
} from '@strongroom/kernel';
import { assertRevocationCandidates, assertRevocations } from './assert-revocations.js';
import {
  REVOCATION_BATCH_MAX,
  type Revocation,
  type RevocationCandidate,
  type RevocationList,
} from './revocation-list.js';

/** The collection of revocations: one record per tenant, kind and id. */
const REVOCATIONS_COLLECTION = 'identity.revocations';

/** What {@link createStorageRevocationList} needs. */
export interface StorageRevocationListOptions {
  readonly storage: Storage;
  /** Source of "now" for expiries; default the system clock. */
  readonly clock?: Clock;
}

/** A {@link RevocationList} on storage records, which also sweeps the entries that have expired. */
export interface StorageRevocationList extends RevocationList {
  /**
   * Deletes one tenant's expired revocations, a bounded number of pages per call: every logout
   * adds one, and the storage port has no time to live.
   */
  purgeExpired(
    tenantId: TenantId,
    request?: PurgeRequest,
  ): Promise<Result<PurgeReport, InfrastructureError>>;
}

/**
 * The revocation list for every storage adapter at once, for deployments without Redis: one
 * record per revoked token, device or user, with id `<kind>:<id>`, holding its expiry. A check
 * reads every candidate in one `getMany`; concurrent checks of a tenant share one read
 * transaction (see `createRecordReadCoalescer`), because every authenticated request makes one
 * and their transactions, not their reads, are what a database server spends its time on. A
 * shared read starts after each of its checks was asked, so none misses an earlier revocation.
 * Concurrent revocations of a tenant are likewise written in one transaction there: most sign-ins
 * revoke a replaced session or a retired device.
 */
export function createStorageRevocationList(
  options: StorageRevocationListOptions,
): StorageRevocationList {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now().getTime();
  const checks = createRecordReadCoalescer(storage);
  const writes = revocationWriter(storage);
  return {
    name: `storage:${storage.name}`,
    async revoke(tenantId, revocations) {
      assertRevocations(revocations);
      // Entries already expired are left out: the list may forget them at once, so writing them
      // would be wasted work (one that expires while waiting for a shared run is written anyway).
      const now = nowMs();
      const live = revocations.filter(({ expiresAtMs }) => expiresAtMs > now);
      if (live.length === 0) return ok(undefined);
      return writes(tenantId, live);
    },
    async isRevoked(tenantId, candidates) {
      assertRevocationCandidates(candidates);
      if (candidates.length === 0) return ok(false);
      const ids = [...new Set(candidates.map(recordId))];
      const now = nowMs();
      const found = await checks.read(tenantId, REVOCATIONS_COLLECTION, ids);
      return found
        .map((records) =>
          records.some((record) => record !== undefined && expiresAtMsOf(record) > now),
        )
        .mapErr((error) => toStoreFault(error, 'revocation.check'));
    },
    purgeExpired: (tenantId, request) =>
      purgeExpiredRecords(storage, tenantId, REVOCATIONS_COLLECTION, nowMs(), request),
  };
}

/** The record id of a revocation; kinds hold no `:`, so ids of different kinds never meet. */
function recordId(candidate: RevocationCandidate): string {
  return `${candidate.kind}:${candidate.id}`;
}

/**
 * Writes calls' revocations in one transaction: every record locked in one read, then each
 * written with the latest expiry any call asked for, unless it already lasts as long. On a
 * storage that declares `capabilities.sharedTransactions` (Postgres) the concurrent calls of a
 * tenant share such a transaction (see `shareStoreTransactions`); elsewhere each call runs alone.
 */
function revocationWriter(storage: Storage) {
  return shareStoreTransactions(
    storage,
    'revocation.revoke',
    { writes: REVOCATION_BATCH_MAX },
    async (records, calls: readonly (readonly Revocation[])[]) => {
      const wanted = latestExpiries(calls.flat());
      const ids = [...wanted.keys()];
      const current = await records.getMany(REVOCATIONS_COLLECTION, ids, { lock: true });
      for (const [index, id] of ids.entries()) {
        const existing = current[index];
        const expiresAtMs = wanted.get(id) ?? 0;
        if (existing !== undefined && expiresAtMsOf(existing) >= expiresAtMs) continue;
        await records.put({
          collection: REVOCATIONS_COLLECTION,
          id,
          data: { expiresAtMs },
          expectedVersion: existing?.version ?? 0,
        });
      }
      return calls.map(() => undefined);
    },
  );
}

/** The latest expiry asked for each record id. */
function latestExpiries(revocations: readonly Revocation[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const revocation of revocations) {
    const id = recordId(revocation);
    latest.set(id, Math.max(latest.get(id) ?? 0, revocation.expiresAtMs));
  }
  return latest;
}
