import { CACHE_KEY_MAX_LENGTH, CACHE_TTL_MAX_MS, CACHE_VALUE_MAX_BYTES } from '@strongroom/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../src/index.js';
import {
  connectedClient,
  deleteKeysAndQuit,
  expectAssertionFailure,
  pause,
  tenant,
  uniqueKeyPrefix,
} from './support/shared-redis.js';

const keyPrefix = uniqueKeyPrefix('cache');
const client = await connectedClient();
const cache = createRedisCache({ client, keyPrefix });
const acme = tenant('acme');
const globex = tenant('globex');
const MINUTE_MS = 60_000;

afterAll(() => deleteKeysAndQuit(client, keyPrefix));

async function read(key: string, tenantId = acme) {
  return (await cache.get(tenantId, key))._unsafeUnwrap();
}

describe('Redis cache', () => {
  it('is named after its store', () => {
    expect(cache.name).toBe('redis');
  });

  it('returns what was set, and undefined for a key never set', async () => {
    expect((await cache.set(acme, 'greeting', 'hello', MINUTE_MS)).isOk()).toBe(true);
    expect(await read('greeting')).toBe('hello');
    expect(await read('never-set')).toBeUndefined();
  });

  it('stores under the tenant-first key with the requested time to live', async () => {
    await cache.set(acme, 'layout', 'v', MINUTE_MS);
    const ttlMs = await client.pttl(`${keyPrefix}cache:acme:layout`);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(MINUTE_MS);
  });

  it('forgets a value once its time to live has passed', async () => {
    await cache.set(acme, 'short', 'soon gone', 150);
    expect(await read('short')).toBe('soon gone');
    await pause(300);
    expect(await read('short')).toBeUndefined();
  });

  it('replaces a value and its time to live on a second set', async () => {
    await cache.set(acme, 'replaced', 'first', 150);
    await cache.set(acme, 'replaced', 'second', MINUTE_MS);
    await pause(300);
    expect(await read('replaced')).toBe('second');
  });

  it('deletes a value, and deleting a missing one is no error', async () => {
    await cache.set(acme, 'doomed', 'x', MINUTE_MS);
    expect((await cache.delete(acme, 'doomed')).isOk()).toBe(true);
    expect(await read('doomed')).toBeUndefined();
    expect((await cache.delete(acme, 'doomed')).isOk()).toBe(true);
  });

  it('never shows one tenant the values of another', async () => {
    await cache.set(acme, 'shared-name', 'acme value', MINUTE_MS);
    expect(await read('shared-name', globex)).toBeUndefined();
    await cache.set(globex, 'shared-name', 'globex value', MINUTE_MS);
    await cache.delete(globex, 'shared-name');
    expect(await read('shared-name')).toBe('acme value');
  });

  it('keeps Unicode values intact up to the byte limit', async () => {
    await cache.set(acme, 'unicode', 'Zürich 東京 💳', MINUTE_MS);
    expect(await read('unicode')).toBe('Zürich 東京 💳');
    // 4-byte characters: the limit counts UTF-8 bytes, not UTF-16 code units.
    const largest = '💳'.repeat(CACHE_VALUE_MAX_BYTES / 4);
    expect((await cache.set(acme, 'largest', largest, MINUTE_MS)).isOk()).toBe(true);
    expect(await read('largest')).toBe(largest);
    await expectAssertionFailure(() => cache.set(acme, 'too-large', `${largest}x`, MINUTE_MS));
  });

  it('treats malformed keys, values and times to live as programmer errors', async () => {
    const longKey = 'k'.repeat(CACHE_KEY_MAX_LENGTH + 1);
    await expectAssertionFailure(() => cache.get(acme, ''));
    await expectAssertionFailure(() => cache.get(acme, longKey));
    await expectAssertionFailure(() => cache.set(acme, longKey, 'v', MINUTE_MS));
    await expectAssertionFailure(() => cache.delete(acme, longKey));
    for (const ttlMs of [0, -1, 1.5, CACHE_TTL_MAX_MS + 1, Number.NaN]) {
      await expectAssertionFailure(() => cache.set(acme, 'ttl', 'v', ttlMs));
    }
    await expectAssertionFailure(() => cache.set(acme, 'surrogate', '\uD800', MINUTE_MS));
    const maximalKey = 'k'.repeat(CACHE_KEY_MAX_LENGTH);
    expect((await cache.set(acme, maximalKey, 'v', CACHE_TTL_MAX_MS)).isOk()).toBe(true);
  });

  it('returns a Redis error to the caller instead of a miss', async () => {
    await client.rpush(`${keyPrefix}cache:acme:a-list`, 'item');
    expect((await cache.get(acme, 'a-list'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      operation: 'redis.cache_get',
      code: 'WRONGTYPE',
    });
  });
});
