import { assert, encodeCursor, PAGE_LIMIT_MAX, type StorageTransaction } from '@strongroom/kernel';
import type { AccountEntry } from '../engine/ledger-changes.js';
import { entryRecordId, entryRecordPrefix, readEntryRecord } from '../store/entry-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';

/**
 * One page of an account's statement lines with sequence in (afterSequence, lastSequence], in
 * sequence order: a single listing of the entries collection starting right after the account's
 * previous line (ids are `<accountId>.<zero-padded sequence>`, so an account's lines are
 * contiguous). `lastSequence` is the account's entry count as read, so lines committed later
 * never slip into a page.
 */
export async function listAccountEntries(
  tx: StorageTransaction,
  accountId: string,
  afterSequence: number,
  lastSequence: number,
  limit: number,
): Promise<AccountEntry[]> {
  assert(limit >= 1 && limit <= PAGE_LIMIT_MAX, 'an entry page holds 1..1000 lines');
  const wanted = Math.min(limit, lastSequence - afterSequence);
  if (wanted <= 0) return [];
  const after =
    afterSequence === 0 ? entryRecordPrefix(accountId) : entryRecordId(accountId, afterSequence);
  const page = await tx.records.list(LEDGER_COLLECTIONS.entries, {
    limit: wanted,
    after: encodeCursor(after),
  });
  const entries: AccountEntry[] = [];
  for (const record of page.items) {
    if (!record.id.startsWith(entryRecordPrefix(accountId))) break;
    const entry = readEntryRecord(record.data);
    assert(
      entry.accountId === accountId && entry.sequence === afterSequence + entries.length + 1,
      'an account has gap-free entry sequences',
    );
    entries.push(entry);
  }
  assert(entries.length === wanted, 'every counted entry of an account is stored');
  return entries;
}

/** One statement line by sequence, or `undefined`. */
export async function readAccountEntry(
  tx: StorageTransaction,
  accountId: string,
  sequence: number,
): Promise<AccountEntry | undefined> {
  const record = await tx.records.get(
    LEDGER_COLLECTIONS.entries,
    entryRecordId(accountId, sequence),
  );
  return record === undefined ? undefined : readEntryRecord(record.data);
}
