import type { Id, JsonObject } from '@strongroom/kernel';
import type { EventMetadata } from './event-metadata.js';

/** An event as the store keeps it: its place in its stream, and once sequenced, in the tenant. */
export interface RecordedEvent<
  Type extends string = string,
  Payload extends JsonObject = JsonObject,
> {
  readonly id: Id<'evt'>;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly payload: Payload;
  readonly streamId: string;
  /** 1 for the first event of a stream, growing by one, gap-free. */
  readonly streamVersion: number;
  /**
   * The event's place among all events of the tenant, 1-based and gap-free, assigned after commit
   * by the sequencer (see `sequenceEvents`); `null` until then.
   */
  readonly globalPosition: number | null;
  readonly metadata: EventMetadata;
  readonly occurredAt: Date;
}
