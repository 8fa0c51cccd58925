import { assert, type JsonObject } from '@strongroom/kernel';
import type { FailedEvent } from '../engine/ledger-state.js';
import { TRANSIENT_TRANSFER_STATUSES, type TransferStatus } from '../model/transfer-status.js';
import { bigintField, readId, readNonNegativeBigint, readString } from './record-fields.js';

const RECORD = 'ledger.failed_ids';

/** The stored body of a burned id. */
export function failedIdRecordData(failed: FailedEvent): JsonObject {
  return {
    formatVersion: 1,
    id: failed.id,
    status: failed.status,
    timestamp: bigintField(failed.timestamp),
  };
}

/** Reads a burned id; another shape is a broken invariant and throws. */
export function readFailedIdRecord(data: JsonObject): FailedEvent {
  assert(data['formatVersion'] === 1, `a ${RECORD} record has format version 1`);
  const status = readString(data, 'status', RECORD);
  assert(
    TRANSIENT_TRANSFER_STATUSES.has(status as TransferStatus),
    `a ${RECORD} record holds a transient status`,
  );
  return {
    id: readId(data, 'id', RECORD, 'trf'),
    status: status as TransferStatus,
    timestamp: readNonNegativeBigint(data, 'timestamp', RECORD),
  };
}
