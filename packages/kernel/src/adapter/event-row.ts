import { assert } from '../errors/assert.js';
import type { EventEnvelope } from '../events/event-envelope.js';
import type { Id } from '../ids/type-id.js';
import type { JsonObject } from '../json/json-value.js';
import type { TenantId } from '../tenant/tenant-id.js';

/** An event envelope flattened to JSON-safe columns, the form every adapter stores. */
export interface EventRow {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: JsonObject;
  readonly occurredAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
}

/** Flattens an envelope for storage, checking that it belongs to the transaction's tenant. */
export function toEventRow(tenantId: TenantId, event: EventEnvelope): EventRow {
  assert(event.tenantId === tenantId, 'an event belongs to the tenant of its transaction');
  assert(
    Number.isInteger(event.schemaVersion) && event.schemaVersion >= 1,
    'schemaVersion starts at 1',
  );
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    payload: event.payload,
    occurredAt: event.occurredAt.toISOString(),
    correlationId: event.correlationId,
    causationId: event.causationId,
  };
}

/** Rebuilds an envelope from its stored row. */
export function fromEventRow(tenantId: TenantId, row: EventRow): EventEnvelope {
  return {
    id: row.id as Id<'evt'>,
    tenantId,
    type: row.type,
    schemaVersion: row.schemaVersion,
    payload: row.payload,
    occurredAt: new Date(row.occurredAt),
    correlationId: row.correlationId,
    causationId: row.causationId,
  };
}

/** The bytes an event takes in storage, charged against the transaction's limits. */
export function eventRowByteLength(row: EventRow): number {
  return new TextEncoder().encode(JSON.stringify(row)).byteLength;
}
