import { err, ok, type Result } from 'neverthrow';
import { assert } from '../errors/assert.js';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { Cursor } from '../storage/pagination.js';
import type { StoredRecord } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import { runStoreTransaction } from './store-transaction.js';

/** Most pages one purge call sweeps, so that one call's work stays bounded. */
export const PURGE_PAGES_MAX = 100;

/** Pages a purge sweeps when the caller does not say. */
const PURGE_PAGES_DEFAULT = 10;

/** Records one page holds at most; each page is one transaction. */
const PURGE_PAGE_SIZE_MAX = 100;

/** How much of a collection one purge call sweeps. */
export interface PurgeRequest {
  /** Pages to sweep, 1 to {@link PURGE_PAGES_MAX}; default 10. */
  readonly pages?: number;
  /** Where the previous call stopped (its `next`); absent to start at the beginning. */
  readonly after?: Cursor;
}

/** What one purge call did. */
export interface PurgeReport {
  readonly deletedCount: number;
  /** Where to continue with another call, or `null` when the sweep reached the end. */
  readonly next: Cursor | null;
}

/**
 * When an entry of a store kept in records (`{ expiresAtMs, … }`) stops counting. Such a store
 * never reads an entry at or after this instant, and may delete it then.
 */
export function expiresAtMsOf(record: StoredRecord): number {
  const expiresAtMs = record.data['expiresAtMs'];
  assert(
    typeof expiresAtMs === 'number' && Number.isSafeInteger(expiresAtMs),
    `a record of ${record.collection} lacks its expiry`,
  );
  return expiresAtMs;
}

/**
 * Deletes the expired entries of one tenant's collection of expiring records, a bounded number of
 * pages per call (a scheduled job calls it again with `next`). The storage port has no time to
 * live, so without a sweep every key ever seen would stay forever. Each page is one transaction
 * that deletes only entries it read as expired, so an entry refreshed meanwhile is never lost.
 */
export async function purgeExpiredRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  nowMs: number,
  request: PurgeRequest = {},
): Promise<Result<PurgeReport, InfrastructureError>> {
  const pages = request.pages ?? PURGE_PAGES_DEFAULT;
  assert(
    Number.isSafeInteger(pages) && pages >= 1 && pages <= PURGE_PAGES_MAX,
    `a purge sweeps 1 to ${PURGE_PAGES_MAX} pages`,
  );
  // A listing may read one record past its page, and on DynamoDB every record read takes a place
  // in the commit, so a page stays one below the storage's write limit.
  const limit = Math.min(PURGE_PAGE_SIZE_MAX, storage.limits.writesPerTransaction - 1);
  assert(limit >= 1, 'a purge needs a storage that commits at least two writes at once');
  let after = request.after;
  let deletedCount = 0;
  for (let page = 0; page < pages; page += 1) {
    const swept = await runStoreTransaction(storage, tenantId, 'store.purge', async (records) => {
      const listed = await records.list(
        collection,
        after === undefined ? { limit } : { limit, after },
      );
      const expired = listed.items.filter((record) => expiresAtMsOf(record) <= nowMs);
      for (const { id, version } of expired) {
        await records.delete({ collection, id, expectedVersion: version });
      }
      return { deleted: expired.length, next: listed.next };
    });
    if (swept.isErr()) return err(swept.error);
    deletedCount += swept.value.deleted;
    if (swept.value.next === null) return ok({ deletedCount, next: null });
    after = swept.value.next;
  }
  return ok({ deletedCount, next: after ?? null });
}
