import {
  AssertionFailure,
  type EventEnvelope,
  eventToJson,
  type TenantId,
} from '@strongroom/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_STREAM_ENVELOPE_MAX_BYTES, redisEventStreamKey } from '../src/redis-event-stream.js';
import {
  createRedisStreamPublisher,
  REDIS_STREAM_BATCH_SIZE_MAX,
  REDIS_STREAM_LENGTH_MAX_LIMIT,
} from '../src/redis-stream-publisher.js';
import { readRedisStreamEvents } from '../src/redis-stream-reader.js';
import {
  connectedClient,
  deleteKeysAndQuit,
  expectAssertionFailure,
  tenant,
  uniqueKeyPrefix,
} from './support/shared-redis.js';
import { asRead, bareEvent, streamEvent } from './support/stream-events.js';

const keyPrefix = uniqueKeyPrefix('streams');
const client = await connectedClient();
const acme = tenant('acme');
const globex = tenant('globex');

afterAll(() => deleteKeysAndQuit(client, keyPrefix));

// Each test writes under its own prefix, so streams never mix between tests.
let testNumber = 0;
function isolatedPrefix(): string {
  testNumber += 1;
  return `${keyPrefix}t${testNumber}:`;
}

async function readAll(streamKey: string): Promise<EventEnvelope[]> {
  const entries = (
    await readRedisStreamEvents(client, streamKey, { count: 1_000 })
  )._unsafeUnwrap();
  return entries.map((entry) => {
    if (!('event' in entry)) throw new Error(`malformed entry ${entry.entryId}`);
    return entry.event;
  });
}

/** An event whose serialized envelope is exactly `sizeBytes` long. */
function eventOfEnvelopeSize(tenantId: TenantId, sizeBytes: number): EventEnvelope {
  const base = streamEvent(tenantId, 1, { payload: { padding: '' } });
  const baseBytes = Buffer.byteLength(JSON.stringify(eventToJson(base)), 'utf8');
  const event = { ...base, payload: { padding: 'x'.repeat(sizeBytes - baseBytes) } };
  expect(Buffer.byteLength(JSON.stringify(eventToJson(event)), 'utf8')).toBe(sizeBytes);
  return event;
}

const published = { status: 'published' } as const;
const notAttempted = { status: 'not_attempted' } as const;

describe('Redis stream publisher', () => {
  it('declares its name, batch size and ordering', () => {
    const publisher = createRedisStreamPublisher(client);
    expect(publisher).toMatchObject({
      name: 'redis-streams',
      batchSizeMax: REDIS_STREAM_BATCH_SIZE_MAX,
      preservesOrder: true,
    });
    expect(REDIS_STREAM_BATCH_SIZE_MAX).toBe(100);
  });

  it('appends each event to its tenant’s stream with the id, the type and the envelope', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    const first = streamEvent(acme, 1);
    const other = streamEvent(globex, 1);
    const bare = bareEvent(acme);
    expect(await publisher.publish([first, other, bare])).toEqual([
      published,
      published,
      published,
    ]);

    const acmeKey = `${prefix}events:acme`;
    expect(redisEventStreamKey(acme, prefix)).toBe(acmeKey);
    const raw = await client.xrange(acmeKey, '-', '+');
    expect(raw.map(([, fields]) => fields)).toEqual([
      ['eventId', first.id, 'type', first.type, 'envelope', JSON.stringify(eventToJson(first))],
      ['eventId', bare.id, 'type', bare.type, 'envelope', JSON.stringify(eventToJson(bare))],
    ]);
    // Everything survives the trip, including the stream position, actor and Unicode payload.
    expect(await readAll(acmeKey)).toEqual([first, asRead(bare)]);
    expect(await readAll(`${prefix}events:globex`)).toEqual([other]);
  });

  it('uses the default prefix, or the stream key function it is given', async () => {
    expect(redisEventStreamKey(acme)).toBe('strongroom:events:acme');
    const streamKey = (tenantId: TenantId) => `${keyPrefix}custom:{${tenantId}}`;
    const publisher = createRedisStreamPublisher(client, { streamKey });
    const event = streamEvent(globex, 1);
    expect(await publisher.publish([event])).toEqual([published]);
    expect(await readAll(`${keyPrefix}custom:{globex}`)).toEqual([event]);
  });

  it('keeps the order of a call, and of successive calls', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    const events = Array.from({ length: 150 }, (_, index) => streamEvent(acme, index + 1));
    const firstCall = await publisher.publish(events.slice(0, REDIS_STREAM_BATCH_SIZE_MAX));
    expect(firstCall).toEqual(Array(REDIS_STREAM_BATCH_SIZE_MAX).fill(published));
    expect(await publisher.publish(events.slice(REDIS_STREAM_BATCH_SIZE_MAX))).toHaveLength(50);
    const read = await readAll(`${prefix}events:acme`);
    expect(read.map((event) => event.streamVersion)).toEqual(events.map((_, index) => index + 1));
  });

  it('answers an empty call without touching Redis', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    expect(await publisher.publish([])).toEqual([]);
    expect(await client.exists(`${prefix}events:acme`)).toBe(0);
  });

  it('refuses more than a batch in one call as a programmer error', async () => {
    const publisher = createRedisStreamPublisher(client, { keyPrefix: isolatedPrefix() });
    const events = Array.from({ length: REDIS_STREAM_BATCH_SIZE_MAX + 1 }, () => bareEvent(acme));
    await expectAssertionFailure(() => publisher.publish(events));
  });

  it('fails an oversized envelope without sending it, sends those before, and stops', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    const largest = eventOfEnvelopeSize(acme, REDIS_STREAM_ENVELOPE_MAX_BYTES);
    const oversized = eventOfEnvelopeSize(acme, REDIS_STREAM_ENVELOPE_MAX_BYTES + 1);
    const before = streamEvent(acme, 1);
    const after = streamEvent(acme, 3);

    const outcomes = await publisher.publish([before, largest, oversized, after]);
    expect(outcomes).toEqual([
      published,
      published,
      {
        status: 'failed',
        retryable: false,
        reason: `envelope of ${REDIS_STREAM_ENVELOPE_MAX_BYTES + 1} bytes exceeds the ${REDIS_STREAM_ENVELOPE_MAX_BYTES}-byte limit`,
      },
      notAttempted,
    ]);
    expect((await readAll(`${prefix}events:acme`)).map((event) => event.id)).toEqual([
      before.id,
      largest.id,
    ]);
  });

  it('fails an event JSON cannot hold, without sending it, and stops there', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    const withBigint = {
      ...bareEvent(acme),
      payload: { amountMinor: 10n },
    } as unknown as EventEnvelope;
    const invalidDate = { ...bareEvent(acme), occurredAt: new Date(Number.NaN) };
    for (const unserializable of [withBigint, invalidDate]) {
      const outcomes = await publisher.publish([unserializable, bareEvent(acme)]);
      expect(outcomes).toEqual([
        { status: 'failed', retryable: false, reason: 'event is not serializable to JSON' },
        notAttempted,
      ]);
    }
    expect(await client.exists(`${prefix}events:acme`)).toBe(0);
  });

  it('fails at the first stream that is not a stream, and reports the rest not attempted', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    await client.set(`${prefix}events:globex`, 'not a stream');
    const [first, second, third] = [
      streamEvent(acme, 1),
      streamEvent(globex, 1),
      streamEvent(acme, 2),
    ];
    const outcomes = await publisher.publish([first, second, third]);
    expect(outcomes).toEqual([
      published,
      {
        status: 'failed',
        retryable: false,
        reason: 'Redis rejected the command (WRONGTYPE)',
      },
      notAttempted,
    ]);
    // Redis ran the later XADD all the same (no rollback): the relay's resend is a duplicate,
    // which consumers drop by event id. Each stream's own order still holds.
    expect((await readAll(`${prefix}events:acme`)).map((event) => event.id)).toEqual([
      first.id,
      third.id,
    ]);
  });

  it('never puts a payload into a failure reason', async () => {
    const prefix = isolatedPrefix();
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix });
    const secret = 'PAN-4111111111111111';
    const big = {
      ...bareEvent(acme),
      payload: { secret, padding: 'y'.repeat(REDIS_STREAM_ENVELOPE_MAX_BYTES) },
    };
    await client.set(`${prefix}events:globex`, 'not a stream');
    const wrongType = { ...bareEvent(globex), payload: { secret } };
    const outcomes = [
      ...(await publisher.publish([big])),
      ...(await publisher.publish([wrongType])),
    ];
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'failed']);
    expect(JSON.stringify(outcomes)).not.toContain(secret);
    // Long enough that no random event id in the outcomes spells it.
    expect(JSON.stringify(outcomes)).not.toContain('y'.repeat(16));
  });

  it('trims each stream to about streamLengthMax entries', async () => {
    const prefix = isolatedPrefix();
    const streamLengthMax = 50;
    const publisher = createRedisStreamPublisher(client, { keyPrefix: prefix, streamLengthMax });
    for (let call = 0; call < 10; call += 1) {
      const events = Array.from({ length: 100 }, (_, index) =>
        streamEvent(acme, call * 100 + index + 1),
      );
      expect(new Set((await publisher.publish(events)).map((outcome) => outcome.status))).toEqual(
        new Set(['published']),
      );
    }
    const length = await client.xlen(`${prefix}events:acme`);
    // Approximate trimming removes whole nodes (stream-node-max-entries, 100 by default) and
    // never goes below the bound: never fewer than 50, never a node more than that.
    const nodeEntries = Number((await client.config('GET', 'stream-node-max-entries'))[1]);
    expect(length).toBeGreaterThanOrEqual(streamLengthMax);
    expect(length).toBeLessThanOrEqual(streamLengthMax + nodeEntries);
    // The newest entries are the ones kept.
    const kept = await readAll(`${prefix}events:acme`);
    expect(kept.at(-1)?.streamVersion).toBe(1_000);
  });

  it('refuses bad options when it is built', () => {
    for (const streamLengthMax of [0, -1, 1.5, REDIS_STREAM_LENGTH_MAX_LIMIT + 1, Number.NaN]) {
      expect(() => createRedisStreamPublisher(client, { streamLengthMax })).toThrow(
        AssertionFailure,
      );
    }
    expect(() => createRedisStreamPublisher(client, { keyPrefix: 'app*' })).toThrow(
      AssertionFailure,
    );
    expect(() =>
      createRedisStreamPublisher(client, { keyPrefix: 'a:', streamKey: () => 'k' }),
    ).toThrow(AssertionFailure);
    expect(() =>
      createRedisStreamPublisher(client, { streamLengthMax: REDIS_STREAM_LENGTH_MAX_LIMIT }),
    ).not.toThrow();
  });

  it('refuses a stream key function that returns no usable key', async () => {
    for (const key of ['', 'k'.repeat(513)]) {
      const publisher = createRedisStreamPublisher(client, { streamKey: () => key });
      await expectAssertionFailure(() => publisher.publish([bareEvent(acme)]));
    }
  });
});
