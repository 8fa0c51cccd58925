import {
  type DomainError,
  err,
  ok,
  type Result,
  type StorageTransaction,
} from '@strongroom/kernel';
import type { EventMetadata } from '../stream/event-metadata.js';
import type { EventStore } from '../stream/event-store.js';
import type { EventStoreError } from '../stream/event-store-error.js';
import type { NewEvent } from '../stream/new-event.js';
import type { RecordedEvent } from '../stream/recorded-event.js';
import {
  type AggregateSnapshot,
  aggregateStream,
  type StreamTooLongError,
} from './aggregate-stream.js';
import { decideFrom } from './decide-from.js';
import type { Decider } from './decider.js';

/** What a handled command did. */
export interface CommandOutcome<State> {
  /** The state before the command. */
  readonly before: AggregateSnapshot<State>;
  /** The state after it (the same as `before.state` when it changed nothing). */
  readonly state: State;
  /** The events it appended; empty when the decider found nothing to do (a duplicate). */
  readonly events: readonly RecordedEvent[];
  /** The stream's version after the command. */
  readonly version: number;
}

/**
 * Runs one command against an aggregate inside the caller's transaction: fold the stream (or take
 * the snapshot the caller folded in this transaction), decide, append the new events at the
 * version folded. A concurrent append of the same stream makes the
 * append (or the storage's commit) fail, and the caller's transaction runs again from fresh reads.
 */
export async function handleCommand<
  Command,
  State,
  Event extends NewEvent,
  Error extends DomainError,
>(
  tx: StorageTransaction,
  store: EventStore,
  decider: Decider<Command, State, Event, Error>,
  streamId: string,
  command: Command,
  metadata: EventMetadata,
  folded?: AggregateSnapshot<State>,
): Promise<Result<CommandOutcome<State>, Error | EventStoreError | StreamTooLongError>> {
  const before =
    folded === undefined ? await aggregateStream(tx, store, decider, streamId) : ok(folded);
  if (before.isErr()) return err(before.error);
  const decided = decideFrom(decider, before.value.state, command);
  if (decided.isErr()) return err(decided.error);
  const { events: newEvents, state } = decided.value;
  if (newEvents.length === 0) {
    return ok({ before: before.value, state, events: [], version: before.value.version });
  }
  const appended = await store.appendToStream(tx, streamId, newEvents, {
    expectedVersion: before.value.version,
    metadata,
  });
  if (appended.isErr()) return err(appended.error);
  return ok({
    before: before.value,
    state,
    events: appended.value.events,
    version: appended.value.nextExpectedVersion,
  });
}
