import { AUDIT_COLLECTIONS, sequenceRecordId } from '@strongroom/audit';
import {
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';

/** A sequenced leaf: its place in the tree and its canonical JSON. */
export interface SequencedLeafText {
  readonly index: number;
  readonly leaf: string;
}

/**
 * Up to `limit` of a tenant's sequenced leaves from index `from`, in tree order; fewer at the end
 * of the tree. `AuditLog` offers no read of entries, so this reads the log's own `entries`
 * collection by sequence number, through the names the audit package exports for it.
 */
export async function readEntryPage(
  storage: Storage,
  tenantId: TenantId,
  from: number,
  limit: number,
): Promise<Result<SequencedLeafText[], StorageError>> {
  const ids = Array.from({ length: limit }, (_, offset) => sequenceRecordId(from + offset));
  const read = await storage.transaction(tenantId, async (tx) =>
    ok(await tx.records.getMany(AUDIT_COLLECTIONS.entries, ids)),
  );
  if (read.isErr()) return err(read.error);
  const leaves: SequencedLeafText[] = [];
  for (const [offset, record] of read.value.entries()) {
    // Entries are written in sequence, so the first gap is the end of the tree.
    if (record === undefined) break;
    leaves.push({ index: from + offset, leaf: String(record.data['leaf']) });
  }
  return ok(leaves);
}
