import type { DomainError } from '@strongroom/kernel';

/**
 * An append found the stream at another version than the caller based its decision on: someone
 * else appended first. Re-read the stream and decide again.
 */
export interface StreamVersionConflictError extends DomainError<'events.version_conflict'> {
  readonly streamId: string;
  /** The version the caller expected (0: the stream must not exist yet). */
  readonly expectedVersion: number;
  readonly actualVersion: number;
}

/** An append or read named a stream id that is not well formed (see `STREAM_ID_PATTERN`). */
export interface InvalidStreamIdError extends DomainError<'events.invalid_stream_id'> {
  readonly reason: 'empty' | 'too_long' | 'bad_characters';
}

/** Everything the event store can refuse. */
export type EventStoreError = StreamVersionConflictError | InvalidStreamIdError;
