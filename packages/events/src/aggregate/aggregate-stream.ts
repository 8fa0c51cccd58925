import {
  type DomainError,
  err,
  ok,
  type Result,
  type StorageTransaction,
} from '@strongroom/kernel';
import type { EventStore } from '../stream/event-store.js';
import type { EventStoreError } from '../stream/event-store-error.js';
import type { NewEvent } from '../stream/new-event.js';
import type { RecordedEvent } from '../stream/recorded-event.js';
import type { Decider } from './decider.js';

/** Most events an aggregate's stream may hold: it is folded on every command. */
export const AGGREGATE_EVENTS_MAX = 10_000;

/** A stream folded into its current state. */
export interface AggregateSnapshot<State> {
  readonly state: State;
  /** The stream's version: the expected version of the next append. 0 for a new stream. */
  readonly version: number;
  readonly events: readonly RecordedEvent[];
}

/** A stream that grew past {@link AGGREGATE_EVENTS_MAX}; its aggregate needs splitting. */
export interface StreamTooLongError extends DomainError<'events.stream_too_long'> {
  readonly streamId: string;
  readonly maximum: number;
}

/**
 * Reads a whole stream page by page and folds it with the decider's `evolve`. The events come
 * upcast, so `evolve` only ever sees current schema versions.
 */
export async function aggregateStream<
  Command,
  State,
  Event extends NewEvent,
  Error extends DomainError,
>(
  tx: StorageTransaction,
  store: EventStore,
  decider: Decider<Command, State, Event, Error>,
  streamId: string,
): Promise<Result<AggregateSnapshot<State>, EventStoreError | StreamTooLongError>> {
  let state = decider.initialState();
  const events: RecordedEvent[] = [];
  let version = 0;
  for (;;) {
    const slice = await store.readStream(tx, streamId, { fromVersion: events.length + 1 });
    if (slice.isErr()) return err(slice.error);
    version = slice.value.streamVersion;
    if (version > AGGREGATE_EVENTS_MAX) {
      return err({ type: 'events.stream_too_long', streamId, maximum: AGGREGATE_EVENTS_MAX });
    }
    for (const event of slice.value.events) {
      // The store holds what `decide` produced (upcast to today's schema), so it is an Event.
      state = decider.evolve(state, event as unknown as Event);
      events.push(event);
    }
    if (events.length >= version) return ok({ state, version, events });
  }
}
