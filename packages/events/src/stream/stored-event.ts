import type { Id, JsonObject, StoredRecord } from '@strongroom/kernel';
import { assert } from '@strongroom/kernel';
import type { RecordedEvent } from './recorded-event.js';

/** An event's record body in `events.stream_events`. */
export interface StoredEventData extends JsonObject {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly payload: JsonObject;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly occurredAt: string;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly actor: string | null;
}

/** The record body of an event. */
export function toStoredEvent(event: RecordedEvent): StoredEventData {
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    payload: event.payload,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    occurredAt: event.occurredAt.toISOString(),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    actor: event.metadata.actor,
  };
}

/** The event of a stored record, at the position given (null when read from its stream). */
export function fromStoredEvent(
  record: StoredRecord,
  globalPosition: number | null,
): RecordedEvent {
  const data = record.data as StoredEventData;
  assert(
    typeof data.id === 'string' && typeof data.type === 'string',
    'a stored event has an id and a type',
  );
  return {
    id: data.id as Id<'evt'>,
    type: data.type,
    schemaVersion: data.schemaVersion,
    payload: data.payload,
    streamId: data.streamId,
    streamVersion: data.streamVersion,
    globalPosition,
    metadata: {
      correlationId: data.correlationId,
      causationId: data.causationId,
      actor: data.actor,
    },
    occurredAt: new Date(data.occurredAt),
  };
}
