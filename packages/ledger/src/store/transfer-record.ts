import { assert, type JsonObject } from '@strongroom/kernel';
import {
  JOURNAL_FLAG_NAMES,
  type JournalEntry,
  type JournalFlags,
  type Posting,
} from '../model/journal-entry.js';
import {
  LEDGER_CODE_MAX,
  LEDGER_POSTINGS_MAX,
  LEDGER_POSTINGS_MIN,
  LEDGER_TIMEOUT_MAX_MS,
} from '../model/ledger-limits.js';
import {
  type PendingStatus,
  TRANSFER_FLAG_NAMES,
  type Transfer,
  type TransferFlags,
} from '../model/transfer.js';
import {
  bigintField,
  dateField,
  readBoolean,
  readCurrency,
  readDate,
  readEnum,
  readId,
  readInteger,
  readNonNegativeBigint,
  readNullableDate,
  readNullableId,
  readObject,
} from './record-fields.js';

const RECORD = 'ledger.transfers';
const PENDING_STATUSES: readonly PendingStatus[] = [
  'none',
  'pending',
  'posted',
  'voided',
  'expired',
];
const POSTING_SIDES = ['debit', 'credit'] as const;

/** What one `ledger.transfers` record holds: a two-account transfer or a journal entry. */
export type StoredMovement =
  | { readonly kind: 'transfer'; readonly transfer: Transfer }
  | { readonly kind: 'journal'; readonly journal: JournalEntry };

function flagsData(flags: object, names: readonly string[]): JsonObject {
  return Object.fromEntries(
    names.map((name) => [name, (flags as Record<string, boolean>)[name] === true]),
  );
}

function readFlags<Flags>(data: JsonObject, names: readonly string[]): Flags {
  const stored = readObject(data, 'flags', RECORD);
  assert(Object.keys(stored).length === names.length, `a ${RECORD} record has exactly its flags`);
  return Object.fromEntries(
    names.map((name) => [name, readBoolean(stored, name, RECORD)]),
  ) as Flags;
}

/** The stored body of a transfer record. */
export function transferRecordData(transfer: Transfer): JsonObject {
  return {
    formatVersion: 1,
    kind: 'transfer',
    id: transfer.id,
    debitAccountId: transfer.debitAccountId,
    creditAccountId: transfer.creditAccountId,
    amountMinor: bigintField(transfer.amountMinor),
    currency: transfer.currency,
    code: transfer.code,
    metadata: transfer.metadata,
    flags: flagsData(transfer.flags, TRANSFER_FLAG_NAMES),
    pendingId: transfer.pendingId,
    timeoutMs: transfer.timeoutMs,
    expiresAt: dateField(transfer.expiresAt),
    effectiveAt: transfer.effectiveAt.toISOString(),
    insertedAt: transfer.insertedAt.toISOString(),
    timestamp: bigintField(transfer.timestamp),
    pendingStatus: transfer.pendingStatus,
  };
}

/** The stored body of a journal entry record (same collection and id space as transfers). */
export function journalRecordData(journal: JournalEntry): JsonObject {
  return {
    formatVersion: 1,
    kind: 'journal',
    id: journal.id,
    postings: journal.postings.map((posting) => ({
      accountId: posting.accountId,
      side: posting.side,
      amountMinor: bigintField(posting.amountMinor),
    })),
    code: journal.code,
    metadata: journal.metadata,
    flags: flagsData(journal.flags, JOURNAL_FLAG_NAMES),
    pendingId: journal.pendingId,
    timeoutMs: journal.timeoutMs,
    expiresAt: dateField(journal.expiresAt),
    effectiveAt: journal.effectiveAt.toISOString(),
    insertedAt: journal.insertedAt.toISOString(),
    timestamp: bigintField(journal.timestamp),
    pendingStatus: journal.pendingStatus,
  };
}

function readTimeout(data: JsonObject): number | null {
  return data['timeoutMs'] === null
    ? null
    : readInteger(data, 'timeoutMs', RECORD, 1, LEDGER_TIMEOUT_MAX_MS);
}

function readTransfer(data: JsonObject): Transfer {
  return {
    id: readId(data, 'id', RECORD, 'trf'),
    debitAccountId: readId(data, 'debitAccountId', RECORD, 'acc'),
    creditAccountId: readId(data, 'creditAccountId', RECORD, 'acc'),
    amountMinor: readNonNegativeBigint(data, 'amountMinor', RECORD),
    currency: readCurrency(data, 'currency', RECORD),
    code: readInteger(data, 'code', RECORD, 1, LEDGER_CODE_MAX),
    metadata: readObject(data, 'metadata', RECORD),
    flags: readFlags<TransferFlags>(data, TRANSFER_FLAG_NAMES),
    pendingId: readNullableId(data, 'pendingId', RECORD, 'trf'),
    timeoutMs: readTimeout(data),
    expiresAt: readNullableDate(data, 'expiresAt', RECORD),
    effectiveAt: readDate(data, 'effectiveAt', RECORD),
    insertedAt: readDate(data, 'insertedAt', RECORD),
    timestamp: readNonNegativeBigint(data, 'timestamp', RECORD),
    pendingStatus: readEnum(data, 'pendingStatus', RECORD, PENDING_STATUSES),
  };
}

function readPosting(value: unknown): Posting {
  assert(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    `a ${RECORD} posting is an object`,
  );
  const posting = value as JsonObject;
  return {
    accountId: readId(posting, 'accountId', RECORD, 'acc'),
    side: readEnum(posting, 'side', RECORD, POSTING_SIDES),
    amountMinor: readNonNegativeBigint(posting, 'amountMinor', RECORD),
  };
}

function readJournal(data: JsonObject): JournalEntry {
  const postings = data['postings'];
  assert(
    Array.isArray(postings) &&
      postings.length >= LEDGER_POSTINGS_MIN &&
      postings.length <= LEDGER_POSTINGS_MAX,
    `a ${RECORD} journal record has ${LEDGER_POSTINGS_MIN}..${LEDGER_POSTINGS_MAX} postings`,
  );
  return {
    id: readId(data, 'id', RECORD, 'trf'),
    postings: postings.map(readPosting),
    code: readInteger(data, 'code', RECORD, 1, LEDGER_CODE_MAX),
    metadata: readObject(data, 'metadata', RECORD),
    flags: readFlags<JournalFlags>(data, JOURNAL_FLAG_NAMES),
    pendingId: readNullableId(data, 'pendingId', RECORD, 'trf'),
    timeoutMs: readTimeout(data),
    expiresAt: readNullableDate(data, 'expiresAt', RECORD),
    effectiveAt: readDate(data, 'effectiveAt', RECORD),
    insertedAt: readDate(data, 'insertedAt', RECORD),
    timestamp: readNonNegativeBigint(data, 'timestamp', RECORD),
    pendingStatus: readEnum(data, 'pendingStatus', RECORD, PENDING_STATUSES),
  };
}

/**
 * Reads a stored transfer or journal entry. The ledger alone writes these, so a body of another
 * shape is a broken invariant (a bug or tampering) and it throws.
 */
export function readTransferRecord(data: JsonObject): StoredMovement {
  assert(data['formatVersion'] === 1, `a ${RECORD} record has format version 1`);
  const kind = readEnum(data, 'kind', RECORD, ['transfer', 'journal'] as const);
  return kind === 'transfer'
    ? { kind, transfer: readTransfer(data) }
    : { kind, journal: readJournal(data) };
}
