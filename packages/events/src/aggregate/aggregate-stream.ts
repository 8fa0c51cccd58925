import {
  assert,
  type DomainError,
  err,
  ok,
  type Result,
  type StorageTransaction,
} from '@strongroom/kernel';
import type { EventStore, StreamSlice } from '../stream/event-store.js';
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

// Folds a stream from its first slice on, reading and folding the pages after it. The events
// come upcast, so `evolve` only ever sees current schema versions.
async function foldStream<Command, State, Event extends NewEvent, Error extends DomainError>(
  tx: StorageTransaction,
  store: EventStore,
  decider: Decider<Command, State, Event, Error>,
  streamId: string,
  first: StreamSlice,
): Promise<Result<AggregateSnapshot<State>, EventStoreError | StreamTooLongError>> {
  let state = decider.initialState();
  const events: RecordedEvent[] = [];
  let slice = first;
  for (;;) {
    const version = slice.streamVersion;
    if (version > AGGREGATE_EVENTS_MAX) {
      return err({ type: 'events.stream_too_long', streamId, maximum: AGGREGATE_EVENTS_MAX });
    }
    for (const event of slice.events) {
      // The store holds what `decide` produced (upcast to today's schema), so it is an Event.
      state = decider.evolve(state, event as unknown as Event);
      events.push(event);
    }
    if (events.length >= version) return ok({ state, version, events });
    const next = await store.readStream(tx, streamId, { fromVersion: events.length + 1 });
    if (next.isErr()) return err(next.error);
    slice = next.value;
  }
}

/** Reads a whole stream page by page and folds it with the decider's `evolve`. */
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
  const first = await store.readStream(tx, streamId);
  if (first.isErr()) return err(first.error);
  return foldStream(tx, store, decider, streamId, first.value);
}

/**
 * Folds several distinct streams at once, as {@link aggregateStream} folds one: their first pages
 * come from one `readStreams` call (a few round trips for all of them), later pages stream by
 * stream. The snapshots come in the order of `streamIds`; the first stream that fails to read or
 * is too long fails the call.
 */
export async function aggregateStreams<
  Command,
  State,
  Event extends NewEvent,
  Error extends DomainError,
>(
  tx: StorageTransaction,
  store: EventStore,
  decider: Decider<Command, State, Event, Error>,
  streamIds: readonly string[],
): Promise<Result<AggregateSnapshot<State>[], EventStoreError | StreamTooLongError>> {
  const slices = await store.readStreams(tx, streamIds);
  if (slices.isErr()) return err(slices.error);
  const snapshots: AggregateSnapshot<State>[] = [];
  for (const [index, first] of slices.value.entries()) {
    const streamId = streamIds[index];
    assert(streamId !== undefined, 'readStreams answers one slice per stream');
    const folded = await foldStream(tx, store, decider, streamId, first);
    if (folded.isErr()) return err(folded.error);
    snapshots.push(folded.value);
  }
  return ok(snapshots);
}
