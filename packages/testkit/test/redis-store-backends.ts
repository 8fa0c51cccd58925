import { unwrapOrThrow } from '@strongroom/kernel';
import { createRedisClient } from '@strongroom/redis';
import type { Redis } from 'ioredis';
import { removeRedisKeys } from '../src/secret-scan.js';
import type { StoreUnderTest, TimedStoreBackend } from '../src/timed-store/timed-store-backend.js';

const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * The local Redis as a backend of a store (rate limiter, cache, revocation list). Each store gets
 * a key prefix of its own, deleted afterwards; breaking the store disconnects its client, so every
 * later command fails at once as it would with Redis gone.
 */
export function redisStoreBackend<Port extends object>(
  build: (client: Redis, keyPrefix: string) => Port,
): TimedStoreBackend<Port & StoreUnderTest> {
  return {
    name: 'redis',
    usesStoreTime: true,
    async create() {
      const client = unwrapOrThrow(await createRedisClient({ url: REDIS_URL, onError: () => {} }));
      const keyPrefix = `sr-conformance-${crypto.randomUUID().slice(0, 8)}:`;
      let broken = false;
      return {
        ...build(client, keyPrefix),
        async dispose() {
          if (broken) return;
          await removeRedisKeys(client, keyPrefix);
          await client.quit();
        },
        async breakStore() {
          broken = true;
          await removeRedisKeys(client, keyPrefix);
          client.disconnect();
        },
      };
    },
  };
}
