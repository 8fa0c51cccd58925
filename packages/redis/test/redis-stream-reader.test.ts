import { eventToJson } from '@strongroom/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_STREAM_ENVELOPE_MAX_BYTES } from '../src/redis-event-stream.js';
import { createRedisStreamPublisher } from '../src/redis-stream-publisher.js';
import {
  REDIS_STREAM_READ_COUNT_MAX,
  type RedisStreamEntry,
  readRedisStreamEvents,
} from '../src/redis-stream-reader.js';
import {
  connectedClient,
  deleteKeysAndQuit,
  expectAssertionFailure,
  tenant,
  uniqueKeyPrefix,
} from './support/shared-redis.js';
import { streamEvent } from './support/stream-events.js';

const keyPrefix = uniqueKeyPrefix('stream-reader');
const client = await connectedClient();
const acme = tenant('acme');

afterAll(() => deleteKeysAndQuit(client, keyPrefix));

function ids(entries: readonly RedisStreamEntry[]): (string | undefined)[] {
  return entries.map((entry) => ('event' in entry ? entry.event.id : undefined));
}

describe('reading a Redis event stream', () => {
  it('pages through a stream after the last entry id, oldest first, to an empty page', async () => {
    const prefix = `${keyPrefix}pages:`;
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    const events = Array.from({ length: 25 }, (_, index) => streamEvent(acme, index + 1));
    await publisher.publish(events);
    const streamKey = `${prefix}events:acme`;

    const pages: RedisStreamEntry[][] = [];
    let afterEntryId: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const options = afterEntryId === undefined ? { count: 10 } : { count: 10, afterEntryId };
      const entries = (await readRedisStreamEvents(client, streamKey, options))._unsafeUnwrap();
      pages.push([...entries]);
      if (entries.length === 0) break;
      afterEntryId = entries.at(-1)?.entryId;
    }
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5, 0]);
    expect(pages.flatMap(ids)).toEqual(events.map((event) => event.id));
    expect(pages.flat().map((entry) => ('event' in entry ? entry.event : undefined))).toEqual(
      events,
    );
  });

  it('reads 100 entries by default and an absent stream as empty', async () => {
    const prefix = `${keyPrefix}default:`;
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    for (let call = 0; call < 2; call += 1) {
      await publisher.publish(
        Array.from({ length: 60 }, (_, index) => streamEvent(acme, call * 60 + index + 1)),
      );
    }
    const entries = (await readRedisStreamEvents(client, `${prefix}events:acme`))._unsafeUnwrap();
    expect(entries).toHaveLength(100);
    const absent = await readRedisStreamEvents(client, `${prefix}events:nobody`);
    expect(absent._unsafeUnwrap()).toEqual([]);
  });

  it('reports malformed entries by field and reason, and reads on past them', async () => {
    const streamKey = `${keyPrefix}malformed`;
    const good = streamEvent(acme, 1);
    const goodText = JSON.stringify(eventToJson(good));
    const later = streamEvent(acme, 2);
    const secret = 'PAN-4111111111111111';
    const envelope = (changes: Record<string, unknown>) =>
      JSON.stringify({ ...eventToJson(good), ...changes });
    const entryFields: string[][] = [
      ['eventId', good.id, 'type', good.type, 'envelope', goodText],
      ['eventId', good.id, 'type', good.type],
      ['eventId', good.id, 'type', good.type, 'envelope', `{"secret":"${secret}"`],
      ['eventId', good.id, 'type', good.type, 'envelope', '[1,2]'],
      ['eventId', good.id, 'type', good.type, 'envelope', envelope({ occurredAt: secret })],
      ['eventId', good.id, 'type', good.type, 'envelope', envelope({ id: 'acc_1' })],
      ['eventId', 'evt_other', 'type', good.type, 'envelope', goodText],
      ['eventId', good.id, 'type', 'other.type', 'envelope', goodText],
      [
        'eventId',
        good.id,
        'type',
        good.type,
        'envelope',
        `"${'x'.repeat(REDIS_STREAM_ENVELOPE_MAX_BYTES)}"`,
      ],
      ['eventId', later.id, 'type', later.type, 'envelope', JSON.stringify(eventToJson(later))],
    ];
    for (const fields of entryFields) await client.xadd(streamKey, '*', ...fields);

    const entries = (await readRedisStreamEvents(client, streamKey))._unsafeUnwrap();
    expect(entries.map((entry) => ('event' in entry ? 'event' : entry.malformed))).toEqual([
      'event',
      { type: 'validation', field: 'envelope', reason: 'missing' },
      { type: 'validation', field: 'envelope', reason: 'not_json' },
      { type: 'validation', field: 'envelope', reason: 'not_an_object' },
      { type: 'validation', field: 'envelope.occurredAt', reason: 'bad_format' },
      { type: 'validation', field: 'envelope.id', reason: 'wrong_prefix' },
      { type: 'validation', field: 'eventId', reason: 'does_not_match_envelope' },
      { type: 'validation', field: 'type', reason: 'does_not_match_envelope' },
      { type: 'validation', field: 'envelope', reason: 'too_large' },
      'event',
    ]);
    expect(ids(entries).at(-1)).toBe(later.id);
    // Every entry keeps its id, so a consumer records its progress past a bad one.
    const raw = await client.xrange(streamKey, '-', '+');
    expect(entries.map((entry) => entry.entryId)).toEqual(raw.map(([entryId]) => entryId));
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('returns a non-retryable error for a key that is not a stream', async () => {
    const streamKey = `${keyPrefix}plain-string`;
    await client.set(streamKey, 'not a stream');
    const read = await readRedisStreamEvents(client, streamKey);
    expect(read._unsafeUnwrapErr()).toEqual({
      type: 'infrastructure',
      retryable: false,
      operation: 'redis.stream_read',
      message: 'Redis rejected the command',
      code: 'WRONGTYPE',
    });
  });

  it('refuses bad read options as programmer errors', async () => {
    const streamKey = `${keyPrefix}options`;
    for (const count of [0, -1, 1.5, REDIS_STREAM_READ_COUNT_MAX + 1]) {
      await expectAssertionFailure(() => readRedisStreamEvents(client, streamKey, { count }));
    }
    for (const afterEntryId of ['', 'abc', '1-', '-1', '1-2-3', `${'9'.repeat(21)}-0`, '$']) {
      await expectAssertionFailure(() =>
        readRedisStreamEvents(client, streamKey, { afterEntryId }),
      );
    }
    await expectAssertionFailure(() => readRedisStreamEvents(client, ''));
    const largest = await readRedisStreamEvents(client, streamKey, {
      count: REDIS_STREAM_READ_COUNT_MAX,
      afterEntryId: '0-0',
    });
    expect(largest._unsafeUnwrap()).toEqual([]);
  });
});
