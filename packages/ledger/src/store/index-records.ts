import { assert, type JsonObject } from '@strongroom/kernel';
import { TIMESTAMP_DIGITS } from './ledger-collections.js';
import {
  bigintField,
  padDigits,
  readDate,
  readId,
  readInteger,
  readNonNegativeBigint,
} from './record-fields.js';

// The two index collections share one key shape, `<instant ISO>.<timestamp>.<transferId>`: ISO
// instants of years 0000-9999 sort as text in time order, the zero-padded commit stamp orders
// ties, and the id keeps keys unique when two processes stamp the same instant.

function indexKey(instant: Date, timestamp: bigint, transferId: string): string {
  return `${instant.toISOString()}.${padDigits(timestamp, TIMESTAMP_DIGITS)}.${transferId}`;
}

/** The lowest possible index key at or after an instant (a listing starts after it). */
export function indexKeyFloor(instant: Date): string {
  return `${instant.toISOString()}.`;
}

/** A pending transfer or journal entry waiting for its expiry. */
export interface ExpiryIndexEntry {
  readonly transferId: string;
  readonly expiresAt: Date;
  readonly timestamp: bigint;
}

/** The id of a pending transfer's expiry index record: (expiresAt, timestamp) order. */
export function expiryRecordId(entry: ExpiryIndexEntry): string {
  return indexKey(entry.expiresAt, entry.timestamp, entry.transferId);
}

/** The stored body of an expiry index record. */
export function expiryRecordData(entry: ExpiryIndexEntry): JsonObject {
  return {
    formatVersion: 1,
    transferId: entry.transferId,
    expiresAt: entry.expiresAt.toISOString(),
    timestamp: bigintField(entry.timestamp),
  };
}

/** Reads an expiry index record; another shape is a broken invariant and throws. */
export function readExpiryRecord(data: JsonObject): ExpiryIndexEntry {
  const record = 'ledger.expiries';
  assert(data['formatVersion'] === 1, `a ${record} record has format version 1`);
  return {
    transferId: readId(data, 'transferId', record, 'trf'),
    expiresAt: readDate(data, 'expiresAt', record),
    timestamp: readNonNegativeBigint(data, 'timestamp', record),
  };
}

/** A transfer or journal entry in the insertion-order log. */
export interface TransferLogEntry {
  readonly transferId: string;
  readonly insertedAt: Date;
  readonly timestamp: bigint;
  /** Kept in the index so a query by code filters without loading every transfer. */
  readonly code: number;
}

/** The id of a transfer's log record: (insertedAt, timestamp) order. */
export function transferLogRecordId(entry: TransferLogEntry): string {
  return indexKey(entry.insertedAt, entry.timestamp, entry.transferId);
}

/** The stored body of a transfer log record. */
export function transferLogRecordData(entry: TransferLogEntry): JsonObject {
  return {
    formatVersion: 1,
    transferId: entry.transferId,
    insertedAt: entry.insertedAt.toISOString(),
    timestamp: bigintField(entry.timestamp),
    code: entry.code,
  };
}

/** Reads a transfer log record; another shape is a broken invariant and throws. */
export function readTransferLogRecord(data: JsonObject): TransferLogEntry {
  const record = 'ledger.transfer_log';
  assert(data['formatVersion'] === 1, `a ${record} record has format version 1`);
  return {
    transferId: readId(data, 'transferId', record, 'trf'),
    insertedAt: readDate(data, 'insertedAt', record),
    timestamp: readNonNegativeBigint(data, 'timestamp', record),
    code: readInteger(data, 'code', record, 1, 65_535),
  };
}
