import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../../src/errors/assert.js';
import { createProcessRateLimiter } from '../../src/rate-limit/process-rate-limiter.js';
import type { RateLimitPolicy } from '../../src/rate-limit/rate-limiter.js';
import { parseTenantId } from '../../src/tenant/tenant-id.js';

const tenantA = parseTenantId('tenant-a')._unsafeUnwrap();
const tenantB = parseTenantId('tenant-b')._unsafeUnwrap();
const open: RateLimitPolicy = {
  name: 'http.address',
  points: 2,
  durationMs: 60_000,
  failMode: 'open',
};
const closed: RateLimitPolicy = { ...open, name: 'login.account', failMode: 'closed' };

describe('createProcessRateLimiter', () => {
  it('is named process and refuses a maxKeys that is not a positive integer', () => {
    expect(createProcessRateLimiter().name).toBe('process');
    for (const maxKeys of [0, -1, 1.5, Number.NaN]) {
      expect(() => createProcessRateLimiter({ maxKeys })).toThrow(AssertionFailure);
    }
  });

  it('counts in this process only: two limiters each allow every point', async () => {
    const limiters = [createProcessRateLimiter(), createProcessRateLimiter()];
    for (const limiter of limiters) {
      for (const remaining of [1, 0]) {
        const decision = await limiter.consume(tenantA, open, 'alice');
        expect(decision._unsafeUnwrap()).toMatchObject({ allowed: true, remaining });
      }
    }
  });

  it('past maxKeys over every tenant and policy, applies the fail mode to new keys only', async () => {
    const limiter = createProcessRateLimiter({ maxKeys: 2 });
    expect((await limiter.consume(tenantA, open, 'alice'))._unsafeUnwrap().degraded).toBe(false);
    expect((await limiter.consume(tenantB, closed, 'alice'))._unsafeUnwrap().degraded).toBe(false);

    // A new key of a fail-open policy passes uncounted; of a fail-closed one, it is refused.
    const degraded = (await limiter.consume(tenantA, open, 'bob'))._unsafeUnwrap();
    expect(degraded).toMatchObject({ allowed: true, remaining: 2, degraded: true });
    expect((await limiter.consume(tenantA, closed, 'bob'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'rate_limit.consume',
    });

    // Keys already counted go on being counted, and refused once spent.
    expect((await limiter.consume(tenantA, open, 'alice'))._unsafeUnwrap()).toMatchObject({
      allowed: true,
      remaining: 0,
      degraded: false,
    });
    expect((await limiter.consume(tenantA, open, 'alice'))._unsafeUnwrap().allowed).toBe(false);

    // A reset frees its key's place.
    (await limiter.reset(tenantB, closed, 'alice'))._unsafeUnwrap();
    expect((await limiter.consume(tenantA, closed, 'bob'))._unsafeUnwrap()).toMatchObject({
      allowed: true,
      remaining: 1,
      degraded: false,
    });
  });
});
