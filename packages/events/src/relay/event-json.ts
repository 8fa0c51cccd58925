import {
  assert,
  type EventEnvelope,
  type Id,
  type JsonObject,
  type TenantId,
} from '@strongroom/kernel';

/**
 * An event envelope as plain JSON: the form a publisher puts on the wire and a dead letter keeps.
 * Times are ISO 8601 strings; absent stream and actor fields are `null`.
 */
export interface EventJson extends JsonObject {
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
}

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
 * The envelope back from {@link EventJson} that this package wrote. Input from elsewhere (a
 * message read off a bus) must be parsed by the consumer first: this only asserts the shape.
 */
export function eventFromJson(json: EventJson): EventEnvelope {
  assert(json.id.startsWith('evt_'), 'an event id carries the evt prefix');
  const occurredAt = new Date(json.occurredAt);
  assert(!Number.isNaN(occurredAt.getTime()), 'an event time is an ISO 8601 instant');
  return {
    id: json.id as Id<'evt'>,
    tenantId: json.tenantId as TenantId,
    type: json.type,
    schemaVersion: json.schemaVersion,
    payload: json.payload,
    occurredAt,
    correlationId: json.correlationId,
    causationId: json.causationId,
    streamId: json.streamId,
    streamVersion: json.streamVersion,
    actor: json.actor,
  };
}
