import type { Logger } from '@strongroom/http';
import type { RevocationList } from '@strongroom/identity';
import type { IdempotencyStore, RateLimiter } from '@strongroom/kernel';
import {
  createRedisClient,
  createRedisIdempotencyStore,
  createRedisRateLimiter,
  createRedisRevocationList,
} from '@strongroom/redis';
import type { LambdaConfig } from './lambda-config.js';

/** The Redis-backed adapters the API shares between every instance of the function. */
export interface RedisAdapters {
  readonly rateLimiter: RateLimiter;
  readonly idempotency: IdempotencyStore;
  readonly revocations: RevocationList;
  /** True when Redis answers PING: the API's readiness check. */
  ping(): Promise<boolean>;
  /** Closes the connection. */
  quit(): Promise<void>;
}

/**
 * Connects to `REDIS_URL` (failing the cold start, typed and retryable, when it does not answer)
 * and builds the rate limiter, idempotency store and revocation list under `REDIS_KEY_PREFIX`.
 * Without Redis they fall back to the API's per-process limiter and DynamoDB. The connection is
 * kept across invocations of a warm instance.
 */
export async function openRedisAdapters(
  redis: NonNullable<LambdaConfig['redis']>,
  logger: Logger,
): Promise<RedisAdapters> {
  const connected = await createRedisClient({
    url: redis.url,
    // Only the error's class: an ioredis message can quote the URL, password included.
    onError: (error) => logger.log('warn', 'redis connection error', { error: error.name }),
  });
  // The adapter writes its own messages (never the URL): safe to pass on.
  if (connected.isErr())
    throw new Error(`Redis at REDIS_URL did not answer (${connected.error.message})`);
  const client = connected.value;
  const options = {
    client,
    ...(redis.keyPrefix === undefined ? {} : { keyPrefix: redis.keyPrefix }),
  };
  return {
    rateLimiter: createRedisRateLimiter(options),
    idempotency: createRedisIdempotencyStore(options),
    revocations: createRedisRevocationList(options),
    ping: async () => (await client.ping()) === 'PONG',
    quit: async () => {
      await client.quit();
    },
  };
}
