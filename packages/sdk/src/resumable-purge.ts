import {
  err,
  type InfrastructureError,
  ok,
  type Result,
  type TenantId,
  type TenantWorkOutcome,
} from '@strongroom/kernel';

/** A purge that sweeps a bounded number of pages per call and tells where to go on (`next`). */
export type PagedPurge<C> = (
  tenantId: TenantId,
  after: C | undefined,
) => Promise<Result<{ readonly next: C | null }, InfrastructureError>>;

/**
 * Turns a paged purge into units of work: each call goes on where the tenant's previous call
 * stopped, and is `idle` once a sweep reached the end. A failed call keeps the cursor, so the next
 * one retries the same pages. Cursors are held only while a sweep is under way, one per tenant.
 */
export function resumablePurge<C>(
  purge: PagedPurge<C>,
): (tenantId: TenantId) => Promise<Result<TenantWorkOutcome, InfrastructureError>> {
  const cursors = new Map<TenantId, C>();
  return async (tenantId) => {
    const purged = await purge(tenantId, cursors.get(tenantId));
    if (purged.isErr()) return err(purged.error);
    if (purged.value.next === null) {
      cursors.delete(tenantId);
      return ok('idle');
    }
    cursors.set(tenantId, purged.value.next);
    return ok('more');
  };
}
