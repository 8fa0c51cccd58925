import { assertCacheEntry, assertCacheKey, err, type KeyValueCache, ok } from '@strongroom/kernel';
import type { RedisAdapterOptions } from './redis-adapter-options.js';
import { redisFailure } from './redis-failure.js';
import { redisKeyLayout } from './redis-key-layout.js';

/**
 * The cache port on Redis: `GET`, `SET ... PX` and `DEL` on `<prefix>cache:<tenantId>:<key>`.
 * Redis expires entries itself, on its own clock. A Redis failure is returned as an error and the
 * caller decides whether to rebuild the value without the cache; nothing is swallowed here.
 */
export function createRedisCache(options: RedisAdapterOptions): KeyValueCache {
  const { client } = options;
  const keys = redisKeyLayout(options.keyPrefix);
  return {
    name: 'redis',
    async get(tenantId, key) {
      assertCacheKey(key);
      try {
        const value = await client.get(keys.cache(tenantId, key));
        return ok(value ?? undefined);
      } catch (error) {
        return err(redisFailure(error, 'redis.cache_get'));
      }
    },
    async set(tenantId, key, value, ttlMs) {
      assertCacheKey(key);
      assertCacheEntry(value, ttlMs);
      try {
        await client.set(keys.cache(tenantId, key), value, 'PX', ttlMs);
        return ok(undefined);
      } catch (error) {
        return err(redisFailure(error, 'redis.cache_set'));
      }
    },
    async delete(tenantId, key) {
      assertCacheKey(key);
      try {
        await client.del(keys.cache(tenantId, key));
        return ok(undefined);
      } catch (error) {
        return err(redisFailure(error, 'redis.cache_delete'));
      }
    },
  };
}
