import {
  assert,
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import { AUDIT_COLLECTIONS, sequenceRecordId } from './audit-collections.js';

/** Most entries one read returns. */
export const SEQUENCED_ENTRIES_LIMIT_MAX = 100;

/** A sequenced leaf: its place in the tree and its canonical JSON entry. */
export interface SequencedEntry {
  readonly index: number;
  readonly leaf: string;
}

/**
 * Up to `limit` of a tenant's sequenced entries from index `from`, in tree order; fewer at the end
 * of the tree. Entries are read by sequence number in one read transaction.
 */
export async function readSequencedEntries(
  storage: Storage,
  tenantId: TenantId,
  from: number,
  limit: number,
): Promise<Result<SequencedEntry[], StorageError>> {
  assert(Number.isSafeInteger(from) && from >= 0, 'entries are read from a tree index');
  assert(
    Number.isInteger(limit) && limit >= 1 && limit <= SEQUENCED_ENTRIES_LIMIT_MAX,
    'an entry page holds 1 to SEQUENCED_ENTRIES_LIMIT_MAX entries',
  );
  const ids = Array.from({ length: limit }, (_, offset) => sequenceRecordId(from + offset));
  const read = await storage.transaction(tenantId, async (tx) =>
    ok(await tx.records.getMany(AUDIT_COLLECTIONS.entries, ids)),
  );
  if (read.isErr()) return err(read.error);
  const entries: SequencedEntry[] = [];
  for (const [offset, record] of read.value.entries()) {
    // Entries are written in sequence, so the first gap is the end of the tree.
    if (record === undefined) break;
    entries.push({ index: from + offset, leaf: String(record.data['leaf']) });
  }
  return ok(entries);
}
