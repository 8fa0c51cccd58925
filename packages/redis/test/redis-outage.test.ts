import { once } from 'node:events';
import type { RateLimitPolicy } from '@strongroom/kernel';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisCache,
  createRedisRateLimiter,
  createRedisRevocationList,
} from '../src/index.js';
import { startOutageRedis, stopOutageRedis } from './support/outage-redis.js';
import { type PrivateRedisServer, startRedisServer } from './support/private-redis-server.js';
import { settled } from './support/settled.js';
import { nowMs, tenant } from './support/shared-redis.js';

const acme = tenant('acme');
const closedPolicy: RateLimitPolicy = {
  name: 'login.account',
  points: 5,
  durationMs: 60_000,
  failMode: 'closed',
};
const openPolicy: RateLimitPolicy = { ...closedPolicy, name: 'api.requests', failMode: 'open' };
const retryableOutage = { type: 'infrastructure', retryable: true };

let server: PrivateRedisServer;
let client: Redis;

beforeAll(async () => {
  ({ server, client } = await startOutageRedis());
});
afterAll(() => stopOutageRedis({ server, client }));

describe('Redis going away mid-run', () => {
  it('fails fast, by each port’s rules, and recovers when the server returns', async () => {
    const limiter = createRedisRateLimiter({ client });
    const cache = createRedisCache({ client });
    const revocations = createRedisRevocationList({ client });
    const token = { kind: 'token', id: 'tok_1' } as const;

    expect((await limiter.consume(acme, closedPolicy, 'user-1'))._unsafeUnwrap().allowed).toBe(
      true,
    );
    await cache.set(acme, 'profile', 'cached', 60_000);
    await revocations.revoke(acme, [{ ...token, expiresAtMs: nowMs() + 60_000 }]);
    expect((await revocations.isRevoked(acme, [token]))._unsafeUnwrap()).toBe(true);

    await server.kill();

    const closed = await settled(limiter.consume(acme, closedPolicy, 'user-1'));
    expect(closed._unsafeUnwrapErr()).toMatchObject({
      ...retryableOutage,
      operation: 'redis.rate_limit',
    });
    const open = await settled(limiter.consume(acme, openPolicy, 'user-1'));
    expect(open._unsafeUnwrap()).toMatchObject({ allowed: true, degraded: true });
    expect((await settled(limiter.reset(acme, closedPolicy, 'user-1'))).isErr()).toBe(true);
    // A reset reports the outage whatever the fail mode: it must not look done.
    expect((await settled(limiter.reset(acme, openPolicy, 'user-1'))).isErr()).toBe(true);

    const checked = await settled(revocations.isRevoked(acme, [token]));
    expect(checked._unsafeUnwrapErr()).toMatchObject({
      ...retryableOutage,
      operation: 'redis.is_revoked',
    });
    const revoked = await settled(
      revocations.revoke(acme, [{ ...token, expiresAtMs: nowMs() + 1 }]),
    );
    expect(revoked._unsafeUnwrapErr()).toMatchObject(retryableOutage);

    const read = await settled(cache.get(acme, 'profile'));
    expect(read._unsafeUnwrapErr()).toMatchObject({
      ...retryableOutage,
      operation: 'redis.cache_get',
    });
    expect((await settled(cache.set(acme, 'profile', 'v', 1_000))).isErr()).toBe(true);
    expect((await settled(cache.delete(acme, 'profile'))).isErr()).toBe(true);

    server = await startRedisServer(server.port);
    if (client.status !== 'ready') await settled(once(client, 'ready'));

    const recovered = (await limiter.consume(acme, closedPolicy, 'user-1'))._unsafeUnwrap();
    // The new server started empty (no persistence): the count starts over.
    expect(recovered).toMatchObject({ allowed: true, remaining: 4, degraded: false });
    expect((await cache.get(acme, 'profile'))._unsafeUnwrap()).toBeUndefined();
    expect((await revocations.isRevoked(acme, [token]))._unsafeUnwrap()).toBe(false);
  });

  it('times out instead of hanging when the server stops answering', async () => {
    const limiter = createRedisRateLimiter({ client });
    const revocations = createRedisRevocationList({ client });
    expect((await limiter.consume(acme, closedPolicy, 'user-2')).isOk()).toBe(true);

    server.freeze();
    try {
      const closed = await settled(limiter.consume(acme, closedPolicy, 'user-2'));
      expect(closed._unsafeUnwrapErr()).toMatchObject({
        ...retryableOutage,
        message: 'Redis did not answer in time',
      });
      const open = await settled(limiter.consume(acme, openPolicy, 'user-2'));
      expect(open._unsafeUnwrap()).toMatchObject({ allowed: true, degraded: true });
      const checked = await settled(revocations.isRevoked(acme, [{ kind: 'user', id: 'u_1' }]));
      expect(checked._unsafeUnwrapErr()).toMatchObject(retryableOutage);
    } finally {
      server.thaw();
    }

    expect((await revocations.isRevoked(acme, [{ kind: 'user', id: 'u_1' }])).isOk()).toBe(true);
  });
});
