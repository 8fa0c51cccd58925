import type { Redis } from 'ioredis';

/** What every adapter of this package is built from. */
export interface RedisAdapterOptions {
  /**
   * A standalone ioredis client, best made by `createRedisClient` so that an outage fails fast
   * instead of queueing commands. Cluster clients are not supported: a revocation batch runs in
   * one MULTI across keys of different hash slots.
   */
  readonly client: Redis;
  /** Prepended to every key, so several applications or test runs can share one Redis. */
  readonly keyPrefix?: string;
}
