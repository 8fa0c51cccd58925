import {
  assert,
  degradedRateLimitDecision,
  err,
  type InfrastructureError,
  ok,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitPolicy,
  type Result,
  rateLimitDecision,
} from '@strongroom/kernel';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { assertConsumption, limiterSettings } from './limiter-settings.js';
import type { RedisAdapterOptions } from './redis-adapter-options.js';
import { redisFailure } from './redis-failure.js';
import { redisKeyLayout } from './redis-key-layout.js';

/** Most distinct policies one limiter keeps a library instance for; policies are code, not data. */
export const REDIS_RATE_LIMIT_POLICIES_MAX = 1_000;

/**
 * The rate-limiter port on Redis, counted by rate-limiter-flexible's atomic Lua script. Keys are
 * `<prefix>rl:<tenantId>:<policy>:<key>`. When Redis fails, the policy's `failMode` decides, and
 * nothing else: no in-memory insurance limiter, because a per-process count would silently
 * multiply a login limit by the number of processes. Durations are rounded up to whole seconds.
 */
export function createRedisRateLimiter(options: RedisAdapterOptions): RateLimiter {
  const keys = redisKeyLayout(options.keyPrefix);
  const limiters = new Map<string, RateLimiterRedis>();

  function limiterFor(policy: RateLimitPolicy): RateLimiterRedis {
    const settings = limiterSettings(policy);
    const known = limiters.get(settings.identity);
    if (known !== undefined) return known;
    assert(limiters.size < REDIS_RATE_LIMIT_POLICIES_MAX, 'too many distinct rate-limit policies');
    const limiter = new RateLimiterRedis({
      storeClient: options.client,
      useRedisPackage: false,
      // The full key is built here, so the library adds nothing.
      keyPrefix: '',
      points: settings.points,
      duration: settings.durationSeconds,
      blockDuration: settings.blockDurationSeconds,
    });
    limiters.set(settings.identity, limiter);
    return limiter;
  }

  // A store failure: a retryable refusal for fail-closed policies, an uncounted pass for fail-open.
  function storeFailed<Value>(
    policy: RateLimitPolicy,
    failure: InfrastructureError,
    passed: Value,
  ): Result<Value, InfrastructureError> {
    return policy.failMode === 'open' ? ok(passed) : err(failure);
  }

  return {
    name: 'redis',
    async consume(tenantId, policy, key, points = 1) {
      assertConsumption(key, points);
      const limiter = limiterFor(policy);
      try {
        const answer = await limiter.consume(keys.rateLimit(tenantId, policy.name, key), points);
        return ok<RateLimitDecision>(rateLimitDecision(policy, true, answer));
      } catch (outcome) {
        // The library rejects with its result object for a refusal, with an Error for a failure.
        if (outcome instanceof RateLimiterRes) return ok(rateLimitDecision(policy, false, outcome));
        return storeFailed(
          policy,
          redisFailure(outcome, 'redis.rate_limit'),
          degradedRateLimitDecision(policy),
        );
      }
    },
    async reset(tenantId, policy, key) {
      assertConsumption(key, 1);
      const limiter = limiterFor(policy);
      try {
        await limiter.delete(keys.rateLimit(tenantId, policy.name, key));
        return ok(undefined);
      } catch (error) {
        // Whatever the fail mode: a reset that did not happen must not look done.
        return err(redisFailure(error, 'redis.rate_limit_reset'));
      }
    },
  };
}
