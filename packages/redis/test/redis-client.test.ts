import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  createRedisClient,
  REDIS_COMMAND_TIMEOUT_DEFAULT_MS,
  REDIS_CONNECT_TIMEOUT_DEFAULT_MS,
  REDIS_RECONNECT_DELAY_MAX_DEFAULT_MS,
  REDIS_TIMEOUT_MAX_MS,
  redisClientOptions,
} from '../src/index.js';
import { freePort } from './support/private-redis-server.js';
import { SHARED_REDIS_URL } from './support/shared-redis.js';

describe('redisClientOptions', () => {
  it('turns off queueing and resending so that an outage fails fast', () => {
    expect(redisClientOptions()).toMatchObject({
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_DEFAULT_MS,
      connectTimeout: REDIS_CONNECT_TIMEOUT_DEFAULT_MS,
    });
    expect(redisClientOptions({ commandTimeoutMs: 250, connectTimeoutMs: 500 })).toMatchObject({
      commandTimeout: 250,
      connectTimeout: 500,
    });
  });

  it('keeps reconnecting, with growing pauses capped at the maximum', () => {
    const { retryStrategy } = redisClientOptions({ reconnectDelayMaxMs: 400 });
    const delays = [1, 2, 4, 8, 1_000].map((attempt) => retryStrategy?.(attempt));
    // Attempt n waits between 75 % and 100 % of min(50 ms * n, cap).
    for (const [index, expectedMs] of [50, 100, 200, 400, 400].entries()) {
      expect(delays[index]).toBeGreaterThanOrEqual(expectedMs * 0.75);
      expect(delays[index]).toBeLessThanOrEqual(expectedMs);
    }
    const defaultCap = redisClientOptions().retryStrategy?.(1_000);
    expect(defaultCap).toBeLessThanOrEqual(REDIS_RECONNECT_DELAY_MAX_DEFAULT_MS);
  });

  it('refuses timeouts outside 1 ms to REDIS_TIMEOUT_MAX_MS', () => {
    for (const bad of [0, -1, 1.5, REDIS_TIMEOUT_MAX_MS + 1, Number.NaN]) {
      expect(() => redisClientOptions({ commandTimeoutMs: bad })).toThrow(AssertionFailure);
      expect(() => redisClientOptions({ connectTimeoutMs: bad })).toThrow(AssertionFailure);
      expect(() => redisClientOptions({ reconnectDelayMaxMs: bad })).toThrow(AssertionFailure);
    }
  });
});

describe('createRedisClient', () => {
  it('returns a ready client', async () => {
    const client = (await createRedisClient({ url: SHARED_REDIS_URL }))._unsafeUnwrap();
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('reports an unreachable server as a retryable error that does not echo the URL', async () => {
    const url = `redis://user:hunter2-secret@127.0.0.1:${await freePort()}`;
    const errors: Error[] = [];
    const result = await createRedisClient({ url, onError: (error) => errors.push(error) });
    const failure = result._unsafeUnwrapErr();
    expect(failure).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'redis.connect',
    });
    expect(JSON.stringify(failure)).not.toContain('hunter2');
    expect(errors.length).toBeGreaterThan(0);
  });
});
