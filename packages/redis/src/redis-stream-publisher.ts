import { failedByInfrastructure, type Publisher, type PublishOutcome } from '@strongroom/events';
import {
  assert,
  type EventEnvelope,
  err,
  eventToJson,
  type InfrastructureError,
  ok,
  type Result,
  type TenantId,
} from '@strongroom/kernel';
import type { Redis } from 'ioredis';
import {
  assertStreamKey,
  eventStreamKeys,
  REDIS_STREAM_ENVELOPE_MAX_BYTES,
  REDIS_STREAM_FIELDS,
} from './redis-event-stream.js';
import { redisFailure } from './redis-failure.js';
import { REDIS_DEFAULT_KEY_PREFIX } from './redis-key-layout.js';

/** Most events one `publish` call takes: one MULTI of at most this many `XADD`s. */
export const REDIS_STREAM_BATCH_SIZE_MAX = 100;

/** Entries a stream keeps by default before Redis trims the oldest (approximately). */
export const REDIS_STREAM_LENGTH_MAX_DEFAULT = 1_000_000;

/** Highest `streamLengthMax` accepted: beyond it one tenant's stream could fill a server. */
export const REDIS_STREAM_LENGTH_MAX_LIMIT = 100_000_000;

/** What {@link createRedisStreamPublisher} takes besides the client; every field is optional. */
export interface RedisStreamPublisherOptions {
  /** Prefix of the default stream keys `<keyPrefix>events:<tenantId>` (default `strongroom:`). */
  readonly keyPrefix?: string;
  /** Where a tenant's events go, instead of the default key; one key per tenant. */
  readonly streamKey?: (tenantId: TenantId) => string;
  /**
   * Entries each stream keeps, trimmed approximately (`XADD … MAXLEN ~`): Redis removes whole
   * nodes of old entries, so a stream may hold somewhat more, never fewer. Default
   * {@link REDIS_STREAM_LENGTH_MAX_DEFAULT}, at most {@link REDIS_STREAM_LENGTH_MAX_LIMIT}.
   */
  readonly streamLengthMax?: number;
}

const OPERATION = 'redis.stream_publish';

/** One entry ready for `XADD`. */
interface StreamEntry {
  readonly key: string;
  readonly fields: readonly string[];
}

const NOT_ATTEMPTED: PublishOutcome = { status: 'not_attempted' };
const PUBLISHED: PublishOutcome = { status: 'published' };

// A transaction refused while it was being queued (OOM, a syntax error) ends in EXECABORT; ioredis
// attaches the refusals, and the first one says whether another try can succeed.
function transactionFailure(error: unknown): InfrastructureError {
  const previousErrors = (error as { previousErrors?: unknown } | null)?.previousErrors;
  const cause =
    Array.isArray(previousErrors) && previousErrors.length > 0 ? previousErrors[0] : error;
  return redisFailure(cause, OPERATION);
}

/**
 * The outbox relay's publisher on Redis Streams (`name: 'redis-streams'`). Each event becomes one
 * entry of its tenant's stream with the fields `eventId`, `type` and `envelope` (`EventJson` text).
 * A call is one MULTI, so its entries are appended in order and nothing else comes between them
 * (`preservesOrder: true`). Outcomes, in the order given:
 * - an event that cannot be sent (its envelope is over {@link REDIS_STREAM_ENVELOPE_MAX_BYTES}, or
 *   is not JSON) is `failed`, not retryable, and never sent; the events before it are sent, the
 *   ones after it are `not_attempted`;
 * - a failed EXEC (connection lost, timeout, refused transaction) fails every event of the MULTI,
 *   retryable as `redisFailure` decides. After a timeout the entries may have been appended all the
 *   same: the relay sends them again and consumers deduplicate by event id;
 * - Redis does not roll back a transaction whose command fails as it runs (`WRONGTYPE`: a stream key
 *   holding something else). The first such event is `failed` and the rest `not_attempted`, although
 *   those of other streams were appended; the relay sends them again, which consumers deduplicate.
 * `publish` throws only for a programmer error: more than {@link REDIS_STREAM_BATCH_SIZE_MAX} events,
 * or a `streamKey` function that answers no usable key.
 */
export function createRedisStreamPublisher(
  client: Redis,
  options: RedisStreamPublisherOptions = {},
): Publisher {
  assert(
    options.keyPrefix === undefined || options.streamKey === undefined,
    'give either a key prefix or a stream key function, not both',
  );
  const streamKeyOf =
    options.streamKey ?? eventStreamKeys(options.keyPrefix ?? REDIS_DEFAULT_KEY_PREFIX);
  const lengthMax = options.streamLengthMax ?? REDIS_STREAM_LENGTH_MAX_DEFAULT;
  assert(
    Number.isSafeInteger(lengthMax) && lengthMax >= 1 && lengthMax <= REDIS_STREAM_LENGTH_MAX_LIMIT,
    'streamLengthMax is a whole number from 1 to REDIS_STREAM_LENGTH_MAX_LIMIT',
  );

  function entryOf(event: EventEnvelope): Result<StreamEntry, PublishOutcome> {
    let envelope: string;
    try {
      envelope = JSON.stringify(eventToJson(event));
    } catch {
      // An invalid date or a value JSON cannot hold (a bigint): retrying cannot change it.
      return err({
        status: 'failed',
        retryable: false,
        reason: 'event is not serializable to JSON',
      });
    }
    const sizeBytes = Buffer.byteLength(envelope, 'utf8');
    if (sizeBytes > REDIS_STREAM_ENVELOPE_MAX_BYTES) {
      return err({
        status: 'failed',
        retryable: false,
        reason: `envelope of ${sizeBytes} bytes exceeds the ${REDIS_STREAM_ENVELOPE_MAX_BYTES}-byte limit`,
      });
    }
    const key = streamKeyOf(event.tenantId);
    assertStreamKey(key);
    const { eventId, type } = REDIS_STREAM_FIELDS;
    return ok({
      key,
      fields: [eventId, event.id, type, event.type, REDIS_STREAM_FIELDS.envelope, envelope],
    });
  }

  async function append(entries: readonly StreamEntry[]): Promise<PublishOutcome[]> {
    if (entries.length === 0) return [];
    const transaction = client.multi();
    for (const { key, fields } of entries) {
      transaction.xadd(key, 'MAXLEN', '~', lengthMax, '*', ...fields);
    }
    let replies: [error: Error | null, result: unknown][] | null;
    try {
      replies = await transaction.exec();
    } catch (error) {
      return entries.map(() => failedByInfrastructure(transactionFailure(error)));
    }
    // Without WATCH, Redis never discards a transaction; `null` would mean nothing was written.
    assert(replies !== null, 'Redis discarded a transaction that watched no key');
    const outcomes: PublishOutcome[] = [];
    for (const [error] of replies) {
      if (error !== null) {
        outcomes.push(failedByInfrastructure(redisFailure(error, OPERATION)));
        break;
      }
      outcomes.push(PUBLISHED);
    }
    return outcomes;
  }

  return {
    name: 'redis-streams',
    batchSizeMax: REDIS_STREAM_BATCH_SIZE_MAX,
    preservesOrder: true,
    async publish(events) {
      assert(
        events.length <= REDIS_STREAM_BATCH_SIZE_MAX,
        'a publish call takes at most REDIS_STREAM_BATCH_SIZE_MAX events',
      );
      const entries: StreamEntry[] = [];
      let refused: PublishOutcome | undefined;
      for (const event of events) {
        const entry = entryOf(event);
        if (entry.isErr()) {
          refused = entry.error;
          break;
        }
        entries.push(entry.value);
      }
      const outcomes = await append(entries);
      // The refused event is reached only if everything before it was published.
      const reached = !outcomes.some((outcome) => outcome.status !== 'published');
      if (refused !== undefined && reached && outcomes.length === entries.length) {
        outcomes.push(refused);
      }
      while (outcomes.length < events.length) outcomes.push(NOT_ATTEMPTED);
      return outcomes;
    },
  };
}
