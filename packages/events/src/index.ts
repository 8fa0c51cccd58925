/**
 * `@strongroom/events`: event sourcing on the Strongroom storage port — streams with expected
 * versions, deciders, upcasting, projections, and an outbox relay with a dead-letter error bus.
 * @module
 */
export {
  AGGREGATE_EVENTS_MAX,
  type AggregateSnapshot,
  aggregateStream,
  aggregateStreams,
  type StreamTooLongError,
} from './aggregate/aggregate-stream.js';
export { type CommandDecision, decideFrom } from './aggregate/decide-from.js';
export type { Decider } from './aggregate/decider.js';
export { type CommandOutcome, handleCommand } from './aggregate/handle-command.js';
export {
  CONSUMER_NAME_PATTERN,
  type ConsumeOptions,
  type ConsumeOutcome,
  consumeOnce,
  INBOX_COLLECTION,
  INBOX_RETENTION_DEFAULT_MS,
  purgeInbox,
} from './consumers/consume-once.js';
export { PROJECTION_NAME_PATTERN, type Projection } from './projections/projection.js';
export { PROJECTION_CHECKPOINTS } from './projections/projection-checkpoint.js';
export {
  REBUILD_RECORDS_MAX,
  type RebuildOutcome,
  rebuildProjection,
} from './projections/rebuild-projection.js';
export {
  PROJECTION_BATCH_MAX,
  type ProjectionOutcome,
  type RunProjectionOptions,
  runProjection,
} from './projections/run-projection.js';
export {
  type ProjectionRunnerOptions,
  startProjectionRunner,
} from './projections/start-projection-runner.js';
export {
  type DeadLetter,
  listDeadLetters,
  REPLAY_BATCH_MAX,
  replayDeadLetters,
} from './relay/dead-letters.js';
export {
  createInProcessPublisher,
  type EventHandler,
  IN_PROCESS_HANDLERS_MAX,
  type InProcessPublisher,
} from './relay/in-process-publisher.js';
export {
  type OutboxRelayOptions,
  RELAY_ATTEMPTS_MAX,
  RELAY_PAGE_SIZE_MAX,
} from './relay/outbox-relay-options.js';
export { parseEventJson } from './relay/parse-event-json.js';
export { failedByInfrastructure, type Publisher, type PublishOutcome } from './relay/publisher.js';
export { RELAY_COLLECTIONS } from './relay/relay-collections.js';
export {
  createOutboxRelay,
  type OutboxRelay,
  type RelayRoundOutcome,
} from './relay/relay-outbox.js';
export { type OutboxRelayLoopOptions, startOutboxRelay } from './relay/start-outbox-relay.js';
export {
  SEQUENCE_BATCH_MAX,
  type SequenceOptions,
  type SequencingOutcome,
  sequenceEvents,
} from './sequencing/sequence-events.js';
export {
  type EventSequencerOptions,
  startEventSequencer,
} from './sequencing/start-event-sequencer.js';
export {
  createEventStore,
  type EventStoreOptions,
  STREAM_READ_LIMIT_MAX,
  STREAMS_READ_MAX,
} from './stream/create-event-store.js';
export {
  EVENT_COLLECTIONS,
  GLOBAL_POSITION_MAX,
  STREAM_VERSION_MAX,
} from './stream/event-collections.js';
export { type EventMetadata, NO_METADATA } from './stream/event-metadata.js';
export type {
  AllSlice,
  AppendOptions,
  AppendReceipt,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  StreamSlice,
} from './stream/event-store.js';
export type {
  EventStoreError,
  InvalidStreamIdError,
  StreamVersionConflictError,
} from './stream/event-store-error.js';
export type { NewEvent } from './stream/new-event.js';
export type { RecordedEvent } from './stream/recorded-event.js';
export { STREAM_ID_MAX_LENGTH, STREAM_ID_PATTERN } from './stream/stream-id.js';
export { UPCAST_STEPS_MAX, type Upcaster } from './stream/upcasters.js';
