import { assert, type JsonObject } from '@strongroom/kernel';
import type { FailedEvent } from '../engine/ledger-state.js';
import { TRANSIENT_TRANSFER_STATUSES, type TransferStatus } from '../model/transfer-status.js';
import { bigintField, readId, readNonNegativeBigint, readString } from './record-fields.js';

const RECORD = 'ledger.transfers burned id';

/**
 * The `kind` of a burned id's record. A burned id is stored in `ledger.transfers` under the id
 * itself, the key its transfer or journal entry would take: a command that burns the id and one
 * that creates it both insert that one key, so under any isolation one of them meets the other's
 * record and runs again, and an id is never both created and burned.
 */
export const BURNED_RECORD_KIND = 'burned';

/** The stored body of a burned id (in `ledger.transfers`, see {@link BURNED_RECORD_KIND}). */
export function failedIdRecordData(failed: FailedEvent): JsonObject {
  return {
    formatVersion: 1,
    kind: BURNED_RECORD_KIND,
    id: failed.id,
    status: failed.status,
    timestamp: bigintField(failed.timestamp),
  };
}

/** Whether a `ledger.transfers` record body is a burned id rather than a movement. */
export function isBurnedRecord(data: JsonObject): boolean {
  return data['kind'] === BURNED_RECORD_KIND;
}

/** Reads a burned id; another shape is a broken invariant and throws. */
export function readFailedIdRecord(data: JsonObject): FailedEvent {
  assert(data['formatVersion'] === 1, `a ${RECORD} record has format version 1`);
  assert(isBurnedRecord(data), `a ${RECORD} record has kind ${BURNED_RECORD_KIND}`);
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
