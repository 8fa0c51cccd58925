import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  createRedisCache,
  createRedisIdempotencyStore,
  createRedisRateLimiter,
  createRedisRevocationList,
  REDIS_KEY_PREFIX_MAX_LENGTH,
  redisKeyLayout,
} from '../src/index.js';
import { tenant } from './support/shared-redis.js';

const acme = tenant('acme');

describe('redisKeyLayout', () => {
  it('puts the adapter segment and then the tenant first, under the default prefix', () => {
    const keys = redisKeyLayout();
    expect(keys.rateLimit(acme, 'login.account', 'user:1')).toBe(
      'strongroom:rl:acme:login.account:user:1',
    );
    expect(keys.cache(acme, 'profile')).toBe('strongroom:cache:acme:profile');
    expect(keys.revocation(acme, 'device', 'dev_1')).toBe('strongroom:rev:acme:device:dev_1');
    expect(keys.idempotency(acme, 'user:1:k')).toBe('strongroom:idem:acme:user:1:k');
  });

  it('uses the given prefix as it is, including an empty one', () => {
    expect(redisKeyLayout('app-1:').cache(acme, 'k')).toBe('app-1:cache:acme:k');
    expect(redisKeyLayout('').cache(acme, 'k')).toBe('cache:acme:k');
  });

  it('refuses prefixes that are too long or could act as SCAN patterns, in every adapter', () => {
    const bad = ['a'.repeat(REDIS_KEY_PREFIX_MAX_LENGTH + 1), 'app*', 'app?', 'app[1]', 'a b'];
    // The adapters check the prefix before they ever use the client.
    const client = {} as Parameters<typeof createRedisCache>[0]['client'];
    for (const keyPrefix of bad) {
      expect(() => redisKeyLayout(keyPrefix)).toThrow(AssertionFailure);
      expect(() => createRedisCache({ client, keyPrefix })).toThrow(AssertionFailure);
      expect(() => createRedisRateLimiter({ client, keyPrefix })).toThrow(AssertionFailure);
      expect(() => createRedisRevocationList({ client, keyPrefix })).toThrow(AssertionFailure);
      expect(() => createRedisIdempotencyStore({ client, keyPrefix })).toThrow(AssertionFailure);
    }
    expect(() => redisKeyLayout('a'.repeat(REDIS_KEY_PREFIX_MAX_LENGTH))).not.toThrow();
  });
});
