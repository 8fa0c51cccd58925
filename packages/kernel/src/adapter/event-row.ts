import { assert } from '../errors/assert.js';
import type { EventEnvelope } from '../events/event-envelope.js';
import {
  type EventJson,
  eventFromJson,
  eventToJson,
  type StoredEventJson,
} from '../events/event-json.js';
import { RECORD_ID_MAX_LENGTH } from '../storage/records.js';
import type { TenantId } from '../tenant/tenant-id.js';

// Longest stream id and actor an event may carry: ids and principals, never free text.
const STREAM_ID_MAX_LENGTH = 256;
const ACTOR_MAX_LENGTH = 256;

/** An event envelope flattened to JSON-safe columns, the form every adapter stores. */
export type EventRow = Omit<EventJson, 'tenantId'>;

/** Flattens an envelope for storage, checking that it belongs to the transaction's tenant. */
export function toEventRow(tenantId: TenantId, event: EventEnvelope): EventRow {
  assert(event.tenantId === tenantId, 'an event belongs to the tenant of its transaction');
  assert(
    event.id.length > 0 && event.id.length <= RECORD_ID_MAX_LENGTH,
    `event ids are 1-${RECORD_ID_MAX_LENGTH} characters`,
  );
  assert(
    Number.isInteger(event.schemaVersion) && event.schemaVersion >= 1,
    'schemaVersion starts at 1',
  );
  const streamId = event.streamId ?? null;
  const streamVersion = event.streamVersion ?? null;
  const actor = event.actor ?? null;
  assert(
    (streamId === null) === (streamVersion === null),
    'an event has both streamId and streamVersion, or neither',
  );
  assert(
    streamId === null || (streamId.length > 0 && streamId.length <= STREAM_ID_MAX_LENGTH),
    `stream ids are 1-${STREAM_ID_MAX_LENGTH} characters`,
  );
  assert(
    streamVersion === null || (Number.isSafeInteger(streamVersion) && streamVersion >= 1),
    'streamVersion is a positive safe integer',
  );
  assert(
    actor === null || actor.length <= ACTOR_MAX_LENGTH,
    `actors are at most ${ACTOR_MAX_LENGTH} characters`,
  );
  const { tenantId: _tenant, ...row } = eventToJson(event);
  return row;
}

/**
 * Rebuilds an envelope from its stored row. A row stored before the stream and actor fields
 * existed lacks them, and reads them as `null`, as does a row that stored them as absent.
 */
export function fromEventRow(
  tenantId: TenantId,
  row: Omit<StoredEventJson, 'tenantId'>,
): EventEnvelope {
  return eventFromJson({ ...row, tenantId });
}

/** The bytes an event takes in storage, charged against the transaction's limits. */
export function eventRowByteLength(row: EventRow): number {
  return new TextEncoder().encode(JSON.stringify(row)).byteLength;
}
