import type { RateLimitPolicy } from '@strongroom/kernel';
import { RATE_LIMIT_KEY_MAX_LENGTH } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter } from '../src/index.js';
import {
  connectedClient,
  deleteKeysAndQuit,
  expectAssertionFailure,
  pause,
  tenant,
  uniqueKeyPrefix,
} from './support/shared-redis.js';

const keyPrefix = uniqueKeyPrefix('rate-limiter');
const client = await connectedClient();
const limiter = createRedisRateLimiter({ client, keyPrefix });
const acme = tenant('acme');
const globex = tenant('globex');

const login: RateLimitPolicy = {
  name: 'login.account',
  points: 3,
  durationMs: 60_000,
  failMode: 'closed',
};

// Every test uses its own key, so none depends on another's counts.
function freshKey(): string {
  return `key-${crypto.randomUUID()}`;
}

async function consume(policy: RateLimitPolicy, key: string, points?: number) {
  return (await limiter.consume(acme, policy, key, points))._unsafeUnwrap();
}

beforeAll(async () => {
  expect(await client.ping()).toBe('PONG');
});
afterAll(() => deleteKeysAndQuit(client, keyPrefix));

describe('Redis rate limiter', () => {
  it('is named after its store', () => {
    expect(limiter.name).toBe('redis');
  });

  it('counts down the points of a window, then refuses with a retry delay', async () => {
    const key = freshKey();
    const decisions = [
      await consume(login, key),
      await consume(login, key),
      await consume(login, key),
    ];
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0]);
    for (const decision of decisions) {
      expect(decision).toMatchObject({ allowed: true, limit: 3, retryAfterMs: 0, degraded: false });
      expect(decision.resetAfterMs).toBeGreaterThan(0);
      expect(decision.resetAfterMs).toBeLessThanOrEqual(60_000);
    }
    const refused = await consume(login, key);
    expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, degraded: false });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(refused.resetAfterMs).toBe(refused.retryAfterMs);
  });

  it('consumes several points at once and refuses more than are left', async () => {
    const key = freshKey();
    const policy = { ...login, points: 5 };
    expect(await consume(policy, key, 2)).toMatchObject({ allowed: true, remaining: 3 });
    expect(await consume(policy, key, 4)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('gives the points back once the window has passed', async () => {
    const key = freshKey();
    const policy = { ...login, name: 'login.short', points: 1, durationMs: 1_000 };
    expect((await consume(policy, key)).allowed).toBe(true);
    const refused = await consume(policy, key);
    expect(refused.allowed).toBe(false);
    await pause(refused.retryAfterMs + 100);
    expect(await consume(policy, key)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('blocks a key for the block duration instead of until the window ends', async () => {
    const key = freshKey();
    const policy: RateLimitPolicy = {
      name: 'otp.verify',
      points: 1,
      durationMs: 1_000,
      blockDurationMs: 30_000,
      failMode: 'closed',
    };
    await consume(policy, key);
    const blocked = await consume(policy, key);
    // The window is 1 s; only the block can make the wait longer than that.
    expect(blocked.allowed).toBe(false);
    expect(blocked.retryAfterMs).toBeGreaterThan(1_000);
    expect(blocked.retryAfterMs).toBeLessThanOrEqual(30_000);
    await pause(1_100);
    const stillBlocked = await consume(policy, key);
    expect(stillBlocked.allowed).toBe(false);
    expect(stillBlocked.retryAfterMs).toBeGreaterThan(25_000);
  });

  it('rounds a window that is not a whole number of seconds up, never down', async () => {
    const policy = { ...login, name: 'login.uneven', durationMs: 1_500 };
    const decision = await consume(policy, freshKey());
    expect(decision.resetAfterMs).toBeGreaterThan(1_500);
    expect(decision.resetAfterMs).toBeLessThanOrEqual(2_000);
  });

  it('keeps separate counts per tenant under tenant-first keys', async () => {
    const key = freshKey();
    const policy = { ...login, points: 1 };
    await consume(policy, key);
    expect((await consume(policy, key)).allowed).toBe(false);
    const other = (await limiter.consume(globex, policy, key))._unsafeUnwrap();
    expect(other).toMatchObject({ allowed: true, remaining: 0 });
    expect(await client.exists(`${keyPrefix}rl:acme:login.account:${key}`)).toBe(1);
    expect(await client.exists(`${keyPrefix}rl:globex:login.account:${key}`)).toBe(1);
  });

  it('keeps separate counts per policy', async () => {
    const key = freshKey();
    await consume({ ...login, points: 1 }, key);
    const other = await consume({ ...login, name: 'login.ip', points: 1 }, key);
    expect(other.allowed).toBe(true);
  });

  it('forgets a key on reset', async () => {
    const key = freshKey();
    for (let attempt = 0; attempt < 4; attempt += 1) await consume(login, key);
    expect((await limiter.reset(acme, login, key)).isOk()).toBe(true);
    expect(await consume(login, key)).toMatchObject({ allowed: true, remaining: 2 });
    expect((await limiter.reset(acme, login, freshKey())).isOk()).toBe(true);
  });

  it('maps a Redis error by the policy: an error when closed, a degraded pass when open', async () => {
    const key = freshKey();
    // A list where the counter belongs: Redis answers WRONGTYPE, which no retry can fix.
    await client.rpush(`${keyPrefix}rl:acme:login.account:${key}`, 'not-a-counter');
    const closed = await limiter.consume(acme, login, key);
    expect(closed._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      operation: 'redis.rate_limit',
      code: 'WRONGTYPE',
    });
    const open = await consume({ ...login, failMode: 'open' }, key);
    expect(open).toEqual({
      allowed: true,
      limit: 3,
      remaining: 3,
      resetAfterMs: 0,
      retryAfterMs: 0,
      degraded: true,
    });
  });

  it('treats malformed policies, keys and point counts as programmer errors', async () => {
    const key = freshKey();
    const bad: RateLimitPolicy[] = [
      { ...login, name: 'Login:Account' },
      { ...login, points: 0 },
      { ...login, points: 1.5 },
      { ...login, durationMs: 999 },
      { ...login, blockDurationMs: -1 },
    ];
    for (const policy of bad)
      await expectAssertionFailure(() => limiter.consume(acme, policy, key));
    await expectAssertionFailure(() => limiter.consume(acme, login, ''));
    const longKey = 'k'.repeat(RATE_LIMIT_KEY_MAX_LENGTH + 1);
    await expectAssertionFailure(() => limiter.consume(acme, login, longKey));
    await expectAssertionFailure(() => limiter.reset(acme, login, longKey));
    await expectAssertionFailure(() => limiter.consume(acme, login, key, 0));
    await expectAssertionFailure(() => limiter.consume(acme, login, key, 1.5));
    const maximalKey = 'k'.repeat(RATE_LIMIT_KEY_MAX_LENGTH);
    expect((await consume(login, maximalKey)).allowed).toBe(true);
  });
});
