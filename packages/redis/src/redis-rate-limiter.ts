import {
  assertRateLimitKey,
  assertRateLimitPoints,
  consumeEach,
  consumptionDecision,
  degradedRateLimitDecision,
  err,
  ok,
  policyLimiters,
  type RateLimiter,
} from '@strongroom/kernel';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisAdapterOptions } from './redis-adapter-options.js';
import { redisFailure } from './redis-failure.js';
import { redisKeyLayout } from './redis-key-layout.js';

/**
 * The rate-limiter port on Redis, counted by rate-limiter-flexible's atomic Lua script. Keys are
 * `<prefix>rl:<tenantId>:<policy>:<key>`. When Redis fails, the policy's `failMode` decides, and
 * nothing else: no in-memory insurance limiter, because a per-process count would silently
 * multiply a login limit by the number of processes. Durations are rounded up to whole seconds.
 */
export function createRedisRateLimiter(options: RedisAdapterOptions): RateLimiter {
  const keys = redisKeyLayout(options.keyPrefix);
  const limiterFor = policyLimiters(
    (settings) =>
      new RateLimiterRedis({
        storeClient: options.client,
        useRedisPackage: false,
        // The full key is built here, so the library adds nothing.
        keyPrefix: '',
        points: settings.points,
        duration: settings.durationSeconds,
        blockDuration: settings.blockDurationSeconds,
      }),
  );

  const consume: RateLimiter['consume'] = async (tenantId, policy, key, points = 1) => {
    assertRateLimitKey(key);
    assertRateLimitPoints(points);
    const limiter = limiterFor(policy);
    try {
      const storeKey = keys.rateLimit(tenantId, policy.name, key);
      return ok(await consumptionDecision(policy, limiter.consume(storeKey, points)));
    } catch (error) {
      // A store failure: a retryable refusal for fail-closed policies, an uncounted pass for fail-open.
      const failure = redisFailure(error, 'redis.rate_limit');
      return policy.failMode === 'open' ? ok(degradedRateLimitDecision(policy)) : err(failure);
    }
  };

  return {
    name: 'redis',
    consume,
    // Each consumption is one atomic script; sent together, they share about one round trip.
    consumeMany: consumeEach(consume),
    async reset(tenantId, policy, key) {
      assertRateLimitKey(key);
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
