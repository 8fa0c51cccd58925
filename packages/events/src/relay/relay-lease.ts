import {
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import { RELAY_COLLECTIONS, RELAY_LEASE_ID } from './relay-collections.js';

/**
 * Takes or renews the tenant's relay lease for `holder` until `nowMs + leaseMs`. Answers false
 * while another holder's lease runs. The lease only keeps duplicates down: delivery stays correct
 * (at least once, in order per stream) even when two relays overlap after a lease expires.
 */
export async function acquireRelayLease(
  storage: Storage,
  tenantId: TenantId,
  holder: string,
  nowMs: number,
  leaseMs: number,
): Promise<Result<boolean, StorageError>> {
  return storage.transaction(
    tenantId,
    async (tx) => {
      const lease = await tx.records.get(RELAY_COLLECTIONS.leases, RELAY_LEASE_ID);
      const heldElsewhere =
        lease !== undefined &&
        lease.data['holder'] !== holder &&
        (lease.data['expiresAtMs'] as number) > nowMs;
      if (heldElsewhere) return ok(false);
      await tx.records.put({
        collection: RELAY_COLLECTIONS.leases,
        id: RELAY_LEASE_ID,
        data: { holder, expiresAtMs: nowMs + leaseMs },
        expectedVersion: lease?.version ?? 0,
      });
      return ok(true);
    },
    // Two relays racing for the lease: one wins, the other tries again next round.
    { maxAttempts: 1 },
  );
}

/**
 * Ends `holder`'s lease on the tenant now, so another relay takes over at its next round instead
 * of waiting for the lease to lapse (a rolling deploy would otherwise pause publishing for up to
 * a lease). Answers false when the lease is not `holder`'s (or no longer runs): nothing to hand
 * over. One attempt: a relay racing for the lease meanwhile has it anyway.
 */
export async function releaseRelayLease(
  storage: Storage,
  tenantId: TenantId,
  holder: string,
  nowMs: number,
): Promise<Result<boolean, StorageError>> {
  return storage.transaction(
    tenantId,
    async (tx) => {
      const lease = await tx.records.get(RELAY_COLLECTIONS.leases, RELAY_LEASE_ID);
      const held =
        lease !== undefined &&
        lease.data['holder'] === holder &&
        (lease.data['expiresAtMs'] as number) > nowMs;
      if (!held) return ok(false);
      await tx.records.put({
        collection: RELAY_COLLECTIONS.leases,
        id: RELAY_LEASE_ID,
        data: { holder, expiresAtMs: nowMs },
        expectedVersion: lease.version,
      });
      return ok(true);
    },
    { maxAttempts: 1 },
  );
}
