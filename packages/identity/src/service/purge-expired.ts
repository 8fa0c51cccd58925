import {
  type Cursor,
  err,
  type InfrastructureError,
  ok,
  purgeExpiredRecords,
  type Result,
  type TenantId,
} from '@strongroom/kernel';
import { IDENTITY_COLLECTIONS } from './identity-collections.js';
import { type IdentityContext, nowMs } from './identity-context.js';

/**
 * The collections whose records carry `expiresAtMs` and are dead after it: single-use tokens,
 * refresh tokens (current and rotated), pending second factors and sessions. Swept in this order;
 * a refresh token outlives nothing, since it expires with its session.
 */
export const IDENTITY_EXPIRING_COLLECTIONS = [
  IDENTITY_COLLECTIONS.tokens,
  IDENTITY_COLLECTIONS.refreshTokens,
  IDENTITY_COLLECTIONS.mfaChallenges,
  IDENTITY_COLLECTIONS.sessions,
] as const;

/** Where a purge stopped: the collection it was sweeping and the cursor within it. */
export interface IdentityPurgeCursor {
  readonly collection: (typeof IDENTITY_EXPIRING_COLLECTIONS)[number];
  readonly after: Cursor | null;
}

/** What one purge call did; call again with `next` until it is `null`. */
export interface IdentityPurgeReport {
  readonly deletedCount: number;
  readonly next: IdentityPurgeCursor | null;
}

/**
 * Deletes identity's expired records of one tenant, a bounded number of pages (each one
 * transaction) per call. The storage port has no time to live, so a scheduled job runs this; it is
 * safe in several processes at once, since a page deletes only what it read as expired.
 */
export async function purgeExpired(
  context: IdentityContext,
  tenantId: TenantId,
  options: { readonly pages?: number; readonly after?: IdentityPurgeCursor } = {},
): Promise<Result<IdentityPurgeReport, InfrastructureError>> {
  const now = nowMs(context);
  const start =
    options.after === undefined
      ? 0
      : IDENTITY_EXPIRING_COLLECTIONS.indexOf(options.after.collection);
  let deletedCount = 0;
  for (let index = Math.max(start, 0); index < IDENTITY_EXPIRING_COLLECTIONS.length; index += 1) {
    const collection = IDENTITY_EXPIRING_COLLECTIONS[index] ?? IDENTITY_COLLECTIONS.tokens;
    const after = index === start ? (options.after?.after ?? undefined) : undefined;
    const swept = await purgeExpiredRecords(context.storage, tenantId, collection, now, {
      ...(options.pages === undefined ? {} : { pages: options.pages }),
      ...(after === undefined || after === null ? {} : { after }),
    });
    if (swept.isErr()) return err(swept.error);
    deletedCount += swept.value.deletedCount;
    // The page budget ran out inside this collection: the next call resumes here.
    if (swept.value.next !== null)
      return ok({ deletedCount, next: { collection, after: swept.value.next } });
  }
  return ok({ deletedCount, next: null });
}
