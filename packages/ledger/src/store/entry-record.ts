import { assert, type JsonObject } from '@strongroom/kernel';
import type { AccountEntry, AccountEntryKind } from '../engine/ledger-changes.js';
import { balancesData, readBalances } from './balances-record.js';
import { ENTRY_SEQUENCE_DIGITS } from './ledger-collections.js';
import {
  bigintField,
  padDigits,
  readDate,
  readEnum,
  readId,
  readInteger,
  readNonNegativeBigint,
} from './record-fields.js';

const RECORD = 'ledger.entries';
const ENTRY_KINDS: readonly AccountEntryKind[] = [
  'pending',
  'posted',
  'pending_released',
  'pending_posted',
  'expired',
];
const SIDES = ['debit', 'credit'] as const;

/** The largest entry sequence the record ids can order. */
export const ENTRY_SEQUENCE_MAX = 10 ** ENTRY_SEQUENCE_DIGITS - 1;

/**
 * The record id of an account's entry: `<accountId>.<sequence zero-padded>`, so one account's
 * entries list contiguously and in sequence order, and any sequence is one `get` away.
 */
export function entryRecordId(accountId: string, sequence: number): string {
  assert(
    Number.isSafeInteger(sequence) && sequence >= 1 && sequence <= ENTRY_SEQUENCE_MAX,
    'entry sequences run from 1',
  );
  return `${accountId}.${padDigits(sequence, ENTRY_SEQUENCE_DIGITS)}`;
}

/** The prefix every entry id of an account starts with. */
export function entryRecordPrefix(accountId: string): string {
  return `${accountId}.`;
}

/** The stored body of a statement line. */
export function entryRecordData(entry: AccountEntry): JsonObject {
  return {
    formatVersion: 1,
    accountId: entry.accountId,
    sequence: entry.sequence,
    transferId: entry.transferId,
    side: entry.side,
    kind: entry.kind,
    amountMinor: bigintField(entry.amountMinor),
    balancesAfter: balancesData(entry.balancesAfter),
    effectiveAt: entry.effectiveAt.toISOString(),
    insertedAt: entry.insertedAt.toISOString(),
    timestamp: bigintField(entry.timestamp),
  };
}

/** Reads a statement line; another shape is a broken invariant and throws. */
export function readEntryRecord(data: JsonObject): AccountEntry {
  assert(data['formatVersion'] === 1, `a ${RECORD} record has format version 1`);
  return {
    accountId: readId(data, 'accountId', RECORD, 'acc'),
    sequence: readInteger(data, 'sequence', RECORD, 1, ENTRY_SEQUENCE_MAX),
    transferId: readId(data, 'transferId', RECORD, 'trf'),
    side: readEnum(data, 'side', RECORD, SIDES),
    kind: readEnum(data, 'kind', RECORD, ENTRY_KINDS),
    amountMinor: readNonNegativeBigint(data, 'amountMinor', RECORD),
    balancesAfter: readBalances(data, 'balancesAfter', RECORD),
    effectiveAt: readDate(data, 'effectiveAt', RECORD),
    insertedAt: readDate(data, 'insertedAt', RECORD),
    timestamp: readNonNegativeBigint(data, 'timestamp', RECORD),
  };
}
