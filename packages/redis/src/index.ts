/**
 * `@strongroom/redis`: Strongroom's rate-limiter, cache, idempotency-key and revocation-list ports
 * and an event stream publisher on Redis through ioredis, with a client configuration under which
 * an outage becomes a typed, retryable error at once instead of a hung request.
 * @module
 */

export type { RedisAdapterOptions } from './redis-adapter-options.js';
export { createRedisCache } from './redis-cache.js';
export {
  createRedisClient,
  REDIS_COMMAND_TIMEOUT_DEFAULT_MS,
  REDIS_CONNECT_TIMEOUT_DEFAULT_MS,
  REDIS_RECONNECT_DELAY_MAX_DEFAULT_MS,
  REDIS_TIMEOUT_MAX_MS,
  type RecommendedRedisOptions,
  type RedisClientOptions,
  type RedisTimeouts,
  redisClientOptions,
} from './redis-client.js';
export {
  REDIS_STREAM_ENVELOPE_MAX_BYTES,
  REDIS_STREAM_FIELDS,
  REDIS_STREAM_KEY_MAX_LENGTH,
  redisEventStreamKey,
} from './redis-event-stream.js';
export { redisFailure } from './redis-failure.js';
export { createRedisIdempotencyStore } from './redis-idempotency-store.js';
export {
  REDIS_DEFAULT_KEY_PREFIX,
  REDIS_KEY_PREFIX_MAX_LENGTH,
  type RedisKeyLayout,
  redisKeyLayout,
} from './redis-key-layout.js';
export { createRedisRateLimiter } from './redis-rate-limiter.js';
export { createRedisRevocationList } from './redis-revocation-list.js';
export {
  createRedisStreamPublisher,
  REDIS_STREAM_BATCH_SIZE_MAX,
  REDIS_STREAM_LENGTH_MAX_DEFAULT,
  REDIS_STREAM_LENGTH_MAX_LIMIT,
  type RedisStreamPublisherOptions,
} from './redis-stream-publisher.js';
export {
  REDIS_STREAM_READ_COUNT_DEFAULT,
  REDIS_STREAM_READ_COUNT_MAX,
  type RedisStreamEntry,
  type RedisStreamReadOptions,
  readRedisStreamEvents,
} from './redis-stream-reader.js';
