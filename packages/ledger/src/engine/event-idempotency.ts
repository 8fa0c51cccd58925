import { assert } from '@strongroom/kernel';
import { isValidDate } from '../model/field-checks.js';
import { readInputArray, readInputRecord } from '../model/input-record.js';
import type { JournalEntry, JournalFlags, Posting } from '../model/journal-entry.js';
import { LEDGER_POSTINGS_MAX } from '../model/ledger-limits.js';
import { canonicalMetadata, checkMetadata } from '../model/metadata.js';
import type { JournalShape } from '../model/parse-journal.js';
import type { TransferShape } from '../model/parse-transfer.js';
import { TRANSFER_FLAG_NAMES, type Transfer } from '../model/transfer.js';
import type { TransferFailureStatus } from '../model/transfer-status.js';
import type { LedgerStateReader } from './ledger-state.js';

type Fields = Readonly<Record<string, unknown>>;

// An optional id as sent: absent and '' are the same "zero".
function optionalId(value: unknown): unknown {
  return value === undefined || value === '' ? null : value;
}

function sameMetadata(sent: unknown, stored: Transfer['metadata']): boolean {
  const checked = checkMetadata(sent);
  return checked.ok && checked.canonical === canonicalMetadata(stored);
}

function sameEffectiveAt(sent: unknown, stored: Date): boolean {
  // Omitted means "now", which differs on every retry, so only an explicit time is compared.
  return sent === undefined || (isValidDate(sent) && sent.getTime() === stored.getTime());
}

// A field a post or void may omit: omitted matches the inherited value, which is what was stored.
function sameInheritable(sent: unknown, stored: unknown, resolves: boolean): boolean {
  return sent === undefined ? resolves : sent === stored;
}

function transferAmountMatches(
  fields: Fields,
  stored: Transfer,
  pending: Transfer | undefined,
): boolean {
  const sent = fields['amountMinor'];
  if (stored.flags.balancingDebit || stored.flags.balancingCredit) {
    // The stored amount is the clamped one; the request's is an upper bound (TigerBeetle).
    return typeof sent === 'bigint' && sent >= stored.amountMinor;
  }
  if (stored.flags.voidPending)
    return sent === undefined || sent === 0n || sent === stored.amountMinor;
  if (stored.flags.postPending && sent === undefined) {
    assert(pending !== undefined, 'the pending transfer of a stored post is loaded');
    return stored.amountMinor === pending.amountMinor;
  }
  return sent === stored.amountMinor;
}

/**
 * Compares a retried transfer with the stored one, field by field in TigerBeetle's order, and
 * returns `exists` or the first `exists_with_different_*`. For a post or void, omitted fields
 * count as the values inherited from the pending transfer.
 */
export function compareTransfer(
  shape: TransferShape,
  stored: Transfer,
  state: LedgerStateReader,
): TransferFailureStatus {
  const fields = shape.fields;
  if (TRANSFER_FLAG_NAMES.some((name) => shape.flags[name] !== stored.flags[name]))
    return 'exists_with_different_flags';
  if (optionalId(fields['pendingId']) !== stored.pendingId)
    return 'exists_with_different_pending_id';
  if ((fields['timeoutMs'] ?? null) !== stored.timeoutMs) return 'exists_with_different_timeout';
  const resolves = stored.flags.postPending || stored.flags.voidPending;
  const pending = stored.pendingId === null ? undefined : state.transfer(stored.pendingId);
  if (!sameInheritable(fields['debitAccountId'], stored.debitAccountId, resolves))
    return 'exists_with_different_debit_account_id';
  if (!sameInheritable(fields['creditAccountId'], stored.creditAccountId, resolves))
    return 'exists_with_different_credit_account_id';
  if (!transferAmountMatches(fields, stored, pending)) return 'exists_with_different_amount';
  if (fields['metadata'] === undefined) {
    if (resolves) assert(pending !== undefined, 'the pending transfer of a stored post is loaded');
    const inherited = resolves && pending !== undefined ? pending.metadata : {};
    if (canonicalMetadata(inherited) !== canonicalMetadata(stored.metadata))
      return 'exists_with_different_metadata';
  } else if (!sameMetadata(fields['metadata'], stored.metadata)) {
    return 'exists_with_different_metadata';
  }
  if (!sameInheritable(fields['currency'], stored.currency, resolves))
    return 'exists_with_different_currency';
  if (!sameInheritable(fields['code'], stored.code, resolves)) return 'exists_with_different_code';
  if (!sameEffectiveAt(fields['effectiveAt'], stored.effectiveAt))
    return 'exists_with_different_effective_at';
  return 'exists';
}

function postingKey(posting: { accountId: unknown; side: unknown; amountMinor: unknown }): string {
  const amount = typeof posting.amountMinor === 'bigint' ? posting.amountMinor.toString() : '?';
  return `${String(posting.accountId)}|${String(posting.side)}|${amount}`;
}

/** Postings compared as a multiset: the order of the legs carries no meaning. */
export function samePostings(sent: unknown, stored: readonly Posting[]): boolean {
  const elements = readInputArray(sent, LEDGER_POSTINGS_MAX);
  if (elements === null || elements === 'too_long' || elements.length !== stored.length)
    return false;
  const sentKeys: string[] = [];
  for (const element of elements) {
    const record = readInputRecord(element, ['accountId', 'side', 'amountMinor']);
    if (record === null || typeof record['accountId'] !== 'string') return false;
    sentKeys.push(
      postingKey({
        accountId: record['accountId'],
        side: record['side'],
        amountMinor: record['amountMinor'],
      }),
    );
  }
  const storedKeys = stored.map(postingKey);
  sentKeys.sort();
  storedKeys.sort();
  return sentKeys.every((key, index) => key === storedKeys[index]);
}

const JOURNAL_FLAG_KEYS: readonly (keyof JournalFlags)[] = [
  'linked',
  'pending',
  'postPending',
  'voidPending',
];

/** Compares a retried journal entry with the stored one, as {@link compareTransfer} does. */
export function compareJournal(
  shape: JournalShape,
  stored: JournalEntry,
  state: LedgerStateReader,
): TransferFailureStatus {
  const fields = shape.fields;
  if (JOURNAL_FLAG_KEYS.some((name) => shape.flags[name] !== stored.flags[name]))
    return 'exists_with_different_flags';
  if (optionalId(fields['pendingId']) !== stored.pendingId)
    return 'exists_with_different_pending_id';
  if ((fields['timeoutMs'] ?? null) !== stored.timeoutMs) return 'exists_with_different_timeout';
  const resolves = stored.flags.postPending || stored.flags.voidPending;
  if (
    fields['postings'] === undefined
      ? !resolves
      : !samePostings(fields['postings'], stored.postings)
  )
    return 'exists_with_different_postings';
  if (fields['metadata'] === undefined) {
    const pending = stored.pendingId === null ? undefined : state.journal(stored.pendingId);
    if (resolves) assert(pending !== undefined, 'the pending entry of a stored post is loaded');
    const inherited = resolves && pending !== undefined ? pending.metadata : {};
    if (canonicalMetadata(inherited) !== canonicalMetadata(stored.metadata))
      return 'exists_with_different_metadata';
  } else if (!sameMetadata(fields['metadata'], stored.metadata)) {
    return 'exists_with_different_metadata';
  }
  if (!sameInheritable(fields['code'], stored.code, resolves)) return 'exists_with_different_code';
  if (!sameEffectiveAt(fields['effectiveAt'], stored.effectiveAt))
    return 'exists_with_different_effective_at';
  return 'exists';
}
