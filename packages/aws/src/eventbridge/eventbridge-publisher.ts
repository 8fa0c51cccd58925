import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { failedByInfrastructure, type Publisher, type PublishOutcome } from '@strongroom/events';
import { assert, type EventEnvelope, err, eventToJson, ok, type Result } from '@strongroom/kernel';
import { awsInfrastructureError, readAwsFault } from '../aws-failure.js';
import {
  EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES,
  eventBridgeEntrySizeBytes,
} from './eventbridge-entry-size.js';

/** Most entries one PutEvents request takes, and so most events one `publish` call takes. */
export const EVENTBRIDGE_BATCH_SIZE_MAX = 10;

/** Longest detail type EventBridge accepts (PutEventsRequestEntry, API reference). */
export const EVENTBRIDGE_DETAIL_TYPE_MAX_LENGTH = 128;

/** Longest source EventBridge accepts (1 to 256 characters, never starting with `aws.`). */
export const EVENTBRIDGE_SOURCE_MAX_LENGTH = 256;

/** What {@link createEventBridgePublisher} needs besides the client. */
export interface EventBridgePublisherOptions {
  /** The event bus's name or ARN (up to 1,600 characters). */
  readonly eventBusName: string;
  /** `Source` of every entry, e.g. `com.example.payments`; `aws.` is reserved for AWS. */
  readonly source: string;
  /** `DetailType` of an event's entry, 1 to 128 characters; the event type by default. */
  readonly detailType?: (event: EventEnvelope) => string;
}

const OPERATION = 'aws_eventbridge.put_events';
const EVENT_BUS_NAME_PATTERN = /^[A-Za-z0-9/._:-]{1,1600}$/;
// Per-entry error codes another try can get past, as the PutEventsResultEntry reference lists
// them (InternalFailure, ThrottlingException), plus InternalException, its other name for a fault.
const RETRYABLE_ENTRY_ERRORS = new Set([
  'ThrottlingException',
  'InternalFailure',
  'InternalException',
]);
// An error code is an identifier; anything else is not repeated into a reason.
const ERROR_CODE_PATTERN = /^[A-Za-z][A-Za-z0-9.]{0,63}$/;

const PUBLISHED: PublishOutcome = { status: 'published' };

/** One event on its way: its position in the call, its entry and the entry's counted size. */
interface PendingEntry {
  readonly index: number;
  readonly entry: PutEventsRequestEntry;
  readonly sizeBytes: number;
}

function notSent(reason: string): PublishOutcome {
  return { status: 'failed', retryable: false, reason };
}

// The answer's ErrorMessage is never kept: it may quote the entry, and so the payload.
function resultOutcome(result: PutEventsResultEntry | undefined): PublishOutcome {
  const code = result?.ErrorCode;
  if (code !== undefined) {
    const named = ERROR_CODE_PATTERN.test(code) ? code : 'unrecognised code';
    return {
      status: 'failed',
      retryable: RETRYABLE_ENTRY_ERRORS.has(code),
      reason: `EventBridge refused the entry (${named})`,
    };
  }
  if (result?.EventId !== undefined) return PUBLISHED;
  // Whether it was put is unknown: sending again risks only a duplicate, which consumers drop.
  return { status: 'failed', retryable: true, reason: 'EventBridge answered without a result' };
}

// Entries go into requests in order, a new one whenever the next entry would take the request
// past EventBridge's total size; every entry fits alone, so at most one request per entry.
function requestsOf(pending: readonly PendingEntry[]): PendingEntry[][] {
  const requests: PendingEntry[][] = [];
  let current: PendingEntry[] = [];
  let currentBytes = 0;
  for (const item of pending) {
    if (current.length > 0 && currentBytes + item.sizeBytes > EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES) {
      requests.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += item.sizeBytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * The outbox relay's publisher on Amazon EventBridge (`name: 'eventbridge'`): each event is one
 * PutEvents entry with `Source`, `DetailType` (the event type unless `detailType` says otherwise),
 * `Detail` (the envelope as `EventJson`), `EventBusName` and `Time` (`occurredAt`). EventBridge
 * does not keep the order of a request, so the relay sends one event per stream per call
 * (`preservesOrder: false`). Outcomes:
 * - an entry over EventBridge's size limit ({@link EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES}, counted as
 *   AWS documents), an event that is not JSON, or a detail type of the wrong length is `failed`,
 *   not retryable, and never sent;
 * - a per-entry `ErrorCode` fails that event: retryable for `ThrottlingException`,
 *   `InternalFailure` and `InternalException`, not for the others (`AccessDeniedException`,
 *   `MalformedDetail`, …);
 * - a request that fails as a whole (the SDK throws, after its own retries) fails its events as
 *   the package classifies AWS errors: throttling, server faults and network faults retryable.
 *   An error that is no AWS answer at all (no credentials, a bug) is not retryable.
 * Reasons carry AWS error names, never an AWS message or the payload. Events whose entries
 * together exceed the size limit go out in several requests, sent at once. `publish` throws only
 * for a programmer error: more than {@link EVENTBRIDGE_BATCH_SIZE_MAX} events.
 */
export function createEventBridgePublisher(
  client: EventBridgeClient,
  options: EventBridgePublisherOptions,
): Publisher {
  const { eventBusName, source } = options;
  assert(EVENT_BUS_NAME_PATTERN.test(eventBusName), 'eventBusName is an event bus name or ARN');
  assert(
    source.length >= 1 && source.length <= EVENTBRIDGE_SOURCE_MAX_LENGTH,
    'source is 1 to EVENTBRIDGE_SOURCE_MAX_LENGTH characters',
  );
  assert(!source.startsWith('aws.'), 'the source prefix aws. is reserved for AWS services');
  const detailTypeOf = options.detailType ?? ((event: EventEnvelope) => event.type);

  function entryOf(event: EventEnvelope): Result<PutEventsRequestEntry, PublishOutcome> {
    const detailType = detailTypeOf(event);
    if (detailType.length < 1 || detailType.length > EVENTBRIDGE_DETAIL_TYPE_MAX_LENGTH) {
      return err(
        notSent(`detail type is not 1 to ${EVENTBRIDGE_DETAIL_TYPE_MAX_LENGTH} characters`),
      );
    }
    let detail: string;
    try {
      detail = JSON.stringify(eventToJson(event));
    } catch {
      // An invalid date or a value JSON cannot hold (a bigint): retrying cannot change it.
      return err(notSent('event is not serializable to JSON'));
    }
    return ok({
      Source: source,
      DetailType: detailType,
      Detail: detail,
      EventBusName: eventBusName,
      Time: event.occurredAt,
    });
  }

  async function put(request: readonly PendingEntry[]): Promise<PublishOutcome[]> {
    try {
      const answer = await client.send(
        new PutEventsCommand({ Entries: request.map(({ entry }) => entry) }),
      );
      // The reference promises one result per entry, in order; any other count places none.
      const results = answer.Entries?.length === request.length ? answer.Entries : [];
      return request.map((_, position) => resultOutcome(results[position]));
    } catch (error) {
      const fault = readAwsFault(error);
      const outcome =
        fault === undefined
          ? notSent('EventBridge call failed without an AWS answer')
          : failedByInfrastructure(awsInfrastructureError('EventBridge', OPERATION, fault));
      return request.map(() => outcome);
    }
  }

  return {
    name: 'eventbridge',
    batchSizeMax: EVENTBRIDGE_BATCH_SIZE_MAX,
    preservesOrder: false,
    async publish(events) {
      assert(
        events.length <= EVENTBRIDGE_BATCH_SIZE_MAX,
        'a publish call takes at most EVENTBRIDGE_BATCH_SIZE_MAX events',
      );
      const outcomes: (PublishOutcome | undefined)[] = events.map(() => undefined);
      const pending: PendingEntry[] = [];
      for (const [index, event] of events.entries()) {
        const entry = entryOf(event);
        if (entry.isErr()) {
          outcomes[index] = entry.error;
          continue;
        }
        const sizeBytes = eventBridgeEntrySizeBytes(entry.value);
        if (sizeBytes > EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES) {
          outcomes[index] = notSent(
            `entry of ${sizeBytes} bytes exceeds EventBridge's ${EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES}-byte limit`,
          );
          continue;
        }
        pending.push({ index, entry: entry.value, sizeBytes });
      }
      const requests = requestsOf(pending);
      // `put` answers one outcome per entry of its request, so the flattened lists line up.
      const answers = (await Promise.all(requests.map(put))).flat();
      for (const [position, { index }] of requests.flat().entries()) {
        outcomes[index] = answers[position];
      }
      return outcomes.map((outcome) => {
        assert(outcome !== undefined, 'every event of a call has an outcome');
        return outcome;
      });
    },
  };
}
