import { ok, type TenantId } from '@strongroom/kernel';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { InheritedPostings } from './plan-transactions.js';

/**
 * Reads how many postings each of the pending journals `ids` has, for the posts and voids
 * without postings of their own that inherit them, so planning packs the batch by what it
 * really touches instead of assuming the most a journal can have (on DynamoDB's 100 items, one
 * such void per transaction). A journal's
 * postings never change once written, so this read outside the command's transaction stays
 * exact. Ids not found (or a failed read) are left out: planning then assumes the most.
 */
export async function readInheritedPostings(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  ids: readonly string[],
): Promise<InheritedPostings> {
  const counts = new Map<string, number>();
  // Reads count against a DynamoDB transaction's items too: as many ids per read as it allows.
  const perRead = Math.max(1, dependencies.storage.limits.writesPerTransaction - 1);
  for (let start = 0; start < ids.length; start += perRead) {
    const read = await dependencies.storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.getMany(LEDGER_COLLECTIONS.transfers, ids.slice(start, start + perRead))),
    );
    if (read.isErr()) return counts;
    for (const record of read.value) {
      const postings = record?.data['postings'];
      if (record !== undefined && Array.isArray(postings)) counts.set(record.id, postings.length);
    }
  }
  return counts;
}
