import type { Id } from '../ids/type-id.js';
import type { JsonObject } from '../json/json-value.js';
import type { TenantId } from '../tenant/tenant-id.js';
import type { EventEnvelope } from './event-envelope.js';

/**
 * An event envelope as plain JSON: what adapters store (without the tenant, see `EventRow`),
 * what a publisher puts on the wire and a dead letter keeps. Times are ISO 8601 strings; absent
 * stream and actor fields are `null`.
 */
// A type alias, not an interface: it stays assignable to `JsonObject` (record bodies) while
// `Omit` still sees its named fields.
export type EventJson = {
  readonly id: string;
  readonly tenantId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: JsonObject;
  readonly occurredAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly streamId: string | null;
  readonly streamVersion: number | null;
  readonly actor: string | null;
};

/** The fields added after the first events were stored: JSON written before them lacks the keys. */
export type LaterEventField = 'streamId' | 'streamVersion' | 'actor';

/** {@link EventJson} as it may have been stored before the {@link LaterEventField}s existed. */
export type StoredEventJson = Omit<EventJson, LaterEventField> &
  Partial<Pick<EventJson, LaterEventField>>;

/** An envelope as {@link EventJson}. */
export function eventToJson(event: EventEnvelope): EventJson {
  return {
    id: event.id,
    tenantId: event.tenantId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    payload: event.payload,
    occurredAt: event.occurredAt.toISOString(),
    correlationId: event.correlationId,
    causationId: event.causationId,
    streamId: event.streamId ?? null,
    streamVersion: event.streamVersion ?? null,
    actor: event.actor ?? null,
  };
}

/**
 * The envelope back from JSON this SDK wrote (storage, a dead letter). Input from elsewhere (a
 * message read off a bus) is parsed first, with `parseEventJson` from `@strongroom/events`.
 */
export function eventFromJson(json: StoredEventJson): EventEnvelope {
  return {
    id: json.id as Id<'evt'>,
    tenantId: json.tenantId as TenantId,
    type: json.type,
    schemaVersion: json.schemaVersion,
    payload: json.payload,
    occurredAt: new Date(json.occurredAt),
    correlationId: json.correlationId,
    causationId: json.causationId,
    streamId: json.streamId ?? null,
    streamVersion: json.streamVersion ?? null,
    actor: json.actor ?? null,
  };
}
