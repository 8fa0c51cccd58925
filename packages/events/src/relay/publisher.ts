import type { EventEnvelope, InfrastructureError } from '@strongroom/kernel';

/** What happened to one event handed to {@link Publisher.publish}. */
export type PublishOutcome =
  | { readonly status: 'published' }
  | {
      readonly status: 'failed';
      /** False when retrying cannot help (the event is too large, access is denied). */
      readonly retryable: boolean;
      /** Why, for the dead-letter record: never the event's payload, never a credential. */
      readonly reason: string;
    }
  /** Not tried because an earlier event of the call failed and the publisher preserves order. */
  | { readonly status: 'not_attempted' };

/**
 * Where the outbox relay sends events: a message bus, a stream, or handlers in this process.
 * Delivery is at least once, so consumers deduplicate by event id (see `consumeOnce`).
 */
export interface Publisher {
  /** For logs and dead-letter records, e.g. `redis-streams`, `eventbridge`, `in-process`. */
  readonly name: string;
  /** Most events one `publish` call takes (EventBridge `PutEvents`: 10). */
  readonly batchSizeMax: number;
  /**
   * Whether one call publishes its events in order and stops at the first failure (answering
   * `not_attempted` for the rest). The relay then hands it several events of one stream at once;
   * otherwise at most one event per stream per call, so a stream's order still holds.
   */
  readonly preservesOrder: boolean;
  /** Publishes the events, answering one outcome per event in the same order. Never throws. */
  publish(events: readonly EventEnvelope[]): Promise<readonly PublishOutcome[]>;
}

/**
 * The outcome of an event a publisher could not send because of an infrastructure fault: retryable
 * as the fault is, with its message and code (which never carry the payload) as the reason.
 */
export function failedByInfrastructure(error: InfrastructureError): PublishOutcome {
  const code = error.code === undefined ? '' : ` (${error.code})`;
  return { status: 'failed', retryable: error.retryable, reason: `${error.message}${code}` };
}
