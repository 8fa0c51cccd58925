import {
  type JsonObject,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import { RELAY_COLLECTIONS, RELAY_LEASE_ID } from './relay-collections.js';

// Reads the tenant's relay lease and writes what `next` makes of it, unless that is `null`.
// One attempt: a relay racing for the lease meanwhile has it, and tries again next round.
async function changeLease(
  storage: Storage,
  tenantId: TenantId,
  next: (lease: StoredRecord | undefined) => JsonObject | null,
): Promise<Result<boolean, StorageError>> {
  return storage.transaction(
    tenantId,
    async (tx) => {
      const lease = await tx.records.get(RELAY_COLLECTIONS.leases, RELAY_LEASE_ID);
      const data = next(lease);
      if (data === null) return ok(false);
      await tx.records.put({
        collection: RELAY_COLLECTIONS.leases,
        id: RELAY_LEASE_ID,
        data,
        expectedVersion: lease?.version ?? 0,
      });
      return ok(true);
    },
    { maxAttempts: 1 },
  );
}

function runsFor(lease: StoredRecord | undefined, nowMs: number): boolean {
  return lease !== undefined && (lease.data['expiresAtMs'] as number) > nowMs;
}

/**
 * Takes or renews the tenant's relay lease for `holder` until `nowMs + leaseMs`. Answers false
 * while another holder's lease runs. The lease only keeps duplicates down: delivery stays correct
 * (at least once, in order per stream) even when two relays overlap after a lease expires.
 */
export function acquireRelayLease(
  storage: Storage,
  tenantId: TenantId,
  holder: string,
  nowMs: number,
  leaseMs: number,
): Promise<Result<boolean, StorageError>> {
  return changeLease(storage, tenantId, (lease) =>
    runsFor(lease, nowMs) && lease?.data['holder'] !== holder
      ? null
      : { holder, expiresAtMs: nowMs + leaseMs },
  );
}

/**
 * Ends `holder`'s lease on the tenant now, so another relay takes over at its next round instead
 * of waiting for the lease to lapse (a rolling deploy would otherwise pause publishing for up to
 * a lease). Answers false when the lease is not `holder`'s (or no longer runs): nothing to hand
 * over.
 */
export function releaseRelayLease(
  storage: Storage,
  tenantId: TenantId,
  holder: string,
  nowMs: number,
): Promise<Result<boolean, StorageError>> {
  return changeLease(storage, tenantId, (lease) =>
    runsFor(lease, nowMs) && lease?.data['holder'] === holder
      ? { holder, expiresAtMs: nowMs }
      : null,
  );
}
