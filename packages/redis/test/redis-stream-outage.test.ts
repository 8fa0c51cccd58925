import { once } from 'node:events';
import type { PublishOutcome } from '@strongroom/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisClientOptions } from '../src/redis-client.js';
import { createRedisStreamPublisher } from '../src/redis-stream-publisher.js';
import { readRedisStreamEvents } from '../src/redis-stream-reader.js';
import { startOutageRedis, stopOutageRedis } from './support/outage-redis.js';
import {
  freePort,
  type PrivateRedisServer,
  startRedisServer,
} from './support/private-redis-server.js';
import { settled } from './support/settled.js';
import { connectedClient, tenant } from './support/shared-redis.js';
import { streamEvent } from './support/stream-events.js';

const acme = tenant('acme');
const streamKey = 'strongroom:events:acme';

let server: PrivateRedisServer;
let client: Redis;

beforeAll(async () => {
  ({ server, client } = await startOutageRedis());
});
afterAll(() => stopOutageRedis({ server, client }));

function events(count: number, firstVersion = 1) {
  return Array.from({ length: count }, (_, index) => streamEvent(acme, firstVersion + index));
}

function expectAllRetryable(outcomes: readonly PublishOutcome[], count: number): void {
  expect(outcomes).toHaveLength(count);
  for (const outcome of outcomes) {
    expect(outcome).toMatchObject({ status: 'failed', retryable: true });
  }
}

describe('Redis stream publisher during an outage', () => {
  it('fails every event of a call, retryably, when the server is gone, and recovers', async () => {
    const publisher = createRedisStreamPublisher(client);
    expect((await publisher.publish(events(2))).map((outcome) => outcome.status)).toEqual([
      'published',
      'published',
    ]);

    await server.kill();
    const outcomes = await settled(publisher.publish(events(3, 3)));
    expectAllRetryable(outcomes, 3);
    const read = await settled(readRedisStreamEvents(client, streamKey));
    expect(read._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'redis.stream_read',
    });

    server = await startRedisServer(server.port);
    if (client.status !== 'ready') await settled(once(client, 'ready'));
    const again = events(3, 3);
    expect((await publisher.publish(again)).map((outcome) => outcome.status)).toEqual([
      'published',
      'published',
      'published',
    ]);
    // The new server started empty: only the resent events are there, in order.
    const entries = (await readRedisStreamEvents(client, streamKey))._unsafeUnwrap();
    expect(entries.map((entry) => ('event' in entry ? entry.event.id : undefined))).toEqual(
      again.map((event) => event.id),
    );
  });

  it('times out retryably instead of hanging when the server stops answering', async () => {
    const publisher = createRedisStreamPublisher(client, { keyPrefix: 'frozen:' });
    server.freeze();
    try {
      const outcomes = await settled(publisher.publish(events(4)));
      expectAllRetryable(outcomes, 4);
      expect(outcomes[0]).toMatchObject({ reason: 'Redis did not answer in time' });
    } finally {
      server.thaw();
    }
  });

  it('appends nothing when Redis refuses the transaction while queueing it (out of memory)', async () => {
    if (client.status !== 'ready') await settled(once(client, 'ready'));
    const admin = await connectedClient(server.url);
    const publisher = createRedisStreamPublisher(client, { keyPrefix: 'oom:' });
    try {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await admin.config('SET', 'maxmemory', '1');
      const outcomes = await publisher.publish(events(5));
      expectAllRetryable(outcomes, 5);
      expect(outcomes[0]).toMatchObject({ reason: 'Redis cannot serve the command now (OOM)' });
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    expect(await admin.exists('oom:events:acme')).toBe(0);
    await admin.quit();
  });

  it('fails retryably on a client that never reached its server', async () => {
    const unreachable = new Redis(await freePort(), '127.0.0.1', {
      ...redisClientOptions(),
      lazyConnect: true,
    });
    unreachable.on('error', () => {});
    try {
      const publisher = createRedisStreamPublisher(unreachable);
      const outcomes = await settled(publisher.publish(events(2)));
      expectAllRetryable(outcomes, 2);
    } finally {
      unreachable.disconnect();
    }
  });
});
