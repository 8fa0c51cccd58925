import { parseEventJson } from '@strongroom/events';
import {
  assert,
  type EventEnvelope,
  err,
  type InfrastructureError,
  ok,
  type Result,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { Redis } from 'ioredis';
import {
  assertStreamKey,
  REDIS_STREAM_ENVELOPE_MAX_BYTES,
  REDIS_STREAM_FIELDS,
} from './redis-event-stream.js';
import { redisFailure } from './redis-failure.js';

/** Entries one read returns when no count is given. */
export const REDIS_STREAM_READ_COUNT_DEFAULT = 100;

/** Most entries one read returns. */
export const REDIS_STREAM_READ_COUNT_MAX = 1_000;

/** Where a read starts and how much it takes. */
export interface RedisStreamReadOptions {
  /** Read the entries after this entry id (`1700000000000-0`); from the start when absent. */
  readonly afterEntryId?: string;
  /** Entries to return, 1 to {@link REDIS_STREAM_READ_COUNT_MAX} (default 100). */
  readonly count?: number;
}

/**
 * One entry of a stream: its event, or why it could not be read back (`malformed` names the field
 * and reason, never the value). Either way `entryId` lets a consumer record its progress and go on.
 */
export type RedisStreamEntry =
  | { readonly entryId: string; readonly event: EventEnvelope }
  | { readonly entryId: string; readonly malformed: ValidationError };

// Stream entry ids are two unsigned 64-bit integers, at most 20 digits each.
const ENTRY_ID_PATTERN = /^\d{1,20}-\d{1,20}$/;

// A stream entry is a flat list of field names and values; the first value of a field counts.
function fieldValues(fields: readonly string[]): ReadonlyMap<string, string> {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const name = fields[index];
    const value = fields[index + 1];
    if (name !== undefined && value !== undefined && !values.has(name)) values.set(name, value);
  }
  return values;
}

function eventOf(fields: readonly string[]): Result<EventEnvelope, ValidationError> {
  const values = fieldValues(fields);
  const envelope = values.get(REDIS_STREAM_FIELDS.envelope);
  if (envelope === undefined) return err(validationError('envelope', 'missing'));
  // Checked before parsing so that a huge entry someone else wrote costs no JSON parse.
  if (Buffer.byteLength(envelope, 'utf8') > REDIS_STREAM_ENVELOPE_MAX_BYTES) {
    return err(validationError('envelope', 'too_large'));
  }
  const parsed = parseEventJson(envelope);
  if (parsed.isErr()) return parsed;
  const event = parsed.value;
  // The plain fields exist so consumers can filter without parsing: they must agree with it.
  if (values.get(REDIS_STREAM_FIELDS.eventId) !== event.id) {
    return err(validationError(REDIS_STREAM_FIELDS.eventId, 'does_not_match_envelope'));
  }
  if (values.get(REDIS_STREAM_FIELDS.type) !== event.type) {
    return err(validationError(REDIS_STREAM_FIELDS.type, 'does_not_match_envelope'));
  }
  return ok(event);
}

/**
 * Reads a page of events from a stream the Redis stream publisher wrote (`XRANGE`), oldest first,
 * after `afterEntryId`. An entry that does not hold a well-formed envelope is returned as
 * `malformed` instead of failing the read, so one bad entry cannot stop a consumer; an empty page
 * means the consumer has caught up. A Redis failure is an `InfrastructureError`. A malformed
 * entry id, count or key is a programmer error and throws.
 */
export async function readRedisStreamEvents(
  client: Redis,
  streamKey: string,
  options: RedisStreamReadOptions = {},
): Promise<Result<readonly RedisStreamEntry[], InfrastructureError>> {
  assertStreamKey(streamKey);
  const count = options.count ?? REDIS_STREAM_READ_COUNT_DEFAULT;
  assert(
    Number.isSafeInteger(count) && count >= 1 && count <= REDIS_STREAM_READ_COUNT_MAX,
    'a stream read takes 1 to REDIS_STREAM_READ_COUNT_MAX entries',
  );
  const { afterEntryId } = options;
  assert(
    afterEntryId === undefined || ENTRY_ID_PATTERN.test(afterEntryId),
    'afterEntryId is a stream entry id such as 1700000000000-0',
  );
  // `(` makes the start exclusive (Redis 6.2 or later).
  const start = afterEntryId === undefined ? '-' : `(${afterEntryId}`;
  let entries: [id: string, fields: string[]][];
  try {
    entries = await client.xrange(streamKey, start, '+', 'COUNT', count);
  } catch (error) {
    return err(redisFailure(error, 'redis.stream_read'));
  }
  return ok(
    entries.map(([entryId, fields]): RedisStreamEntry => {
      const event = eventOf(fields);
      return event.isOk() ? { entryId, event: event.value } : { entryId, malformed: event.error };
    }),
  );
}
