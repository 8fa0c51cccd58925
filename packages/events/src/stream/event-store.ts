import type { Result, StorageTransaction } from '@strongroom/kernel';
import type { EventMetadata } from './event-metadata.js';
import type { EventStoreError } from './event-store-error.js';
import type { NewEvent } from './new-event.js';
import type { RecordedEvent } from './recorded-event.js';

/** What {@link EventStore.appendToStream} checks and records. */
export interface AppendOptions {
  /**
   * The stream version the caller's decision was based on: 0 when the stream must not exist yet,
   * `'any'` to append without a check (for streams with one writer by construction).
   */
  readonly expectedVersion: number | 'any';
  readonly metadata: EventMetadata;
}

/** What an append wrote. */
export interface AppendReceipt {
  /** The stream's version after the append: the `expectedVersion` of the next one. */
  readonly nextExpectedVersion: number;
  readonly events: readonly RecordedEvent[];
}

/** Which part of a stream {@link EventStore.readStream} returns. */
export interface ReadStreamOptions {
  /** First stream version to return; default 1. */
  readonly fromVersion?: number;
  /** Most events to return; default and maximum `STREAM_READ_LIMIT_MAX`. */
  readonly limit?: number;
}

/** Events of one stream in version order, upcast to their current schema versions. */
export interface StreamSlice {
  /** The stream's version (0 when it does not exist), whatever part was read. */
  readonly streamVersion: number;
  readonly events: readonly RecordedEvent[];
}

/** Which part of a tenant's sequenced events {@link EventStore.readAll} returns. */
export interface ReadAllOptions {
  /** Return events after this global position; default 0 (from the start). */
  readonly afterPosition?: number;
  /** Most events to return, 1..`STREAM_READ_LIMIT_MAX`. */
  readonly limit: number;
}

/** Sequenced events of a tenant in global position order. */
export interface AllSlice {
  readonly events: readonly RecordedEvent[];
  /** The position to pass as `afterPosition` next; equal to the input when nothing was read. */
  readonly lastPosition: number;
}

/**
 * The event store port. Every call runs inside the caller's storage transaction, so a stream
 * append commits or rolls back together with the records, audit leaf and outbox events of the
 * same command; every appended event is also put in the transaction's outbox for the relay.
 */
export interface EventStore {
  /** Appends events to a stream if it is at the expected version; `events.version_conflict` if not. */
  appendToStream(
    tx: StorageTransaction,
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<Result<AppendReceipt, EventStoreError>>;
  /** Reads a stream forward from a version. */
  readStream(
    tx: StorageTransaction,
    streamId: string,
    options?: ReadStreamOptions,
  ): Promise<Result<StreamSlice, EventStoreError>>;
  /**
   * Reads the first page of several distinct streams (what `readStream` returns with its
   * defaults), in the order asked, in a few round trips for all of them instead of two per
   * stream: for a command batch that folds many aggregates at once. At most `STREAMS_READ_MAX`.
   */
  readStreams(
    tx: StorageTransaction,
    streamIds: readonly string[],
  ): Promise<Result<StreamSlice[], EventStoreError>>;
  /** Reads the tenant's sequenced events forward by global position. */
  readAll(tx: StorageTransaction, options: ReadAllOptions): Promise<AllSlice>;
}
