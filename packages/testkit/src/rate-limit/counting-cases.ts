import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  consumed,
  LONG_WINDOW_MS,
  type RateLimitSuiteContext,
  spend,
  suitePolicy,
} from './rate-limit-suite-context.js';

/** Points are counted per tenant, policy and key; refusals say when to retry; reset forgets. */
export function defineCountingCases(context: RateLimitSuiteContext): void {
  it('counts points down and refuses once they are spent, with a retry within the window', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ durationMs: LONG_WINDOW_MS });
    for (const remaining of [2, 1, 0]) {
      const decision = await consumed(limiter, tenantId, policy, 'alice');
      expect(decision).toMatchObject({
        allowed: true,
        limit: 3,
        remaining,
        retryAfterMs: 0,
        degraded: false,
      });
      expect(decision.resetAfterMs).toBeGreaterThan(0);
      expect(decision.resetAfterMs).toBeLessThanOrEqual(LONG_WINDOW_MS);
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const refused = await consumed(limiter, tenantId, policy, 'alice');
      expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0, degraded: false });
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(LONG_WINDOW_MS);
      expect(refused.resetAfterMs).toBeGreaterThanOrEqual(refused.retryAfterMs);
    }
  });

  it('consumes several points at once, and refuses more than remain', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ points: 5 });
    expect(await consumed(limiter, tenantId, policy, 'bulk', 3)).toMatchObject({
      allowed: true,
      remaining: 2,
    });
    expect(await consumed(limiter, tenantId, policy, 'bulk', 3)).toMatchObject({
      allowed: false,
      remaining: 0,
    });
    expect(await consumed(limiter, tenantId, policy, 'other', 5)).toMatchObject({
      allowed: true,
      remaining: 0,
    });
  });

  it('counts retryAfterMs down as time passes', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ points: 1, durationMs: LONG_WINDOW_MS });
    await spend(limiter, tenantId, policy, 'waiting');
    const first = await consumed(limiter, tenantId, policy, 'waiting');
    await context.advance(400);
    const later = await consumed(limiter, tenantId, policy, 'waiting');
    expect(later.allowed).toBe(false);
    expect(later.retryAfterMs).toBeGreaterThan(0);
    expect(later.retryAfterMs).toBeLessThanOrEqual(first.retryAfterMs - 400);
  });

  it("keeps keys, policies and tenants apart: one's spent points limit no other", async () => {
    const { limiter } = context.underTest();
    const tenantA = context.tenant();
    const tenantB = context.tenant();
    const login = suitePolicy({ name: 'testkit.login', durationMs: LONG_WINDOW_MS });
    const signup = suitePolicy({ name: 'testkit.signup', durationMs: LONG_WINDOW_MS });
    await spend(limiter, tenantA, login, 'alice');
    expect((await consumed(limiter, tenantA, login, 'alice')).allowed).toBe(false);

    for (const [tenantId, policy, key] of [
      [tenantA, login, 'bob'],
      [tenantA, login, 'Alice'],
      [tenantA, login, 'alice '],
      [tenantA, signup, 'alice'],
      [tenantB, login, 'alice'],
    ] as const) {
      expect(await consumed(limiter, tenantId, policy, key), `${policy.name} ${key}`).toMatchObject(
        {
          allowed: true,
          remaining: 2,
        },
      );
    }
    // And the other way round: tenant B spending everything leaves tenant A's count as it was.
    await spend(limiter, tenantB, signup, 'carol');
    expect(await consumed(limiter, tenantA, signup, 'carol')).toMatchObject({ remaining: 2 });
  });

  it('forgets a key on reset, and resets a key it never saw without error', async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const policy = suitePolicy({ durationMs: LONG_WINDOW_MS, blockDurationMs: LONG_WINDOW_MS });
    await spend(limiter, tenantId, policy, 'alice');
    expect((await consumed(limiter, tenantId, policy, 'alice')).allowed).toBe(false);
    expect(await consumed(limiter, tenantId, policy, 'bob')).toMatchObject({ remaining: 2 });

    unwrapOrThrow(await limiter.reset(tenantId, policy, 'alice'));
    expect(await consumed(limiter, tenantId, policy, 'alice')).toMatchObject({
      allowed: true,
      remaining: 2,
    });
    // Only that key was forgotten.
    expect(await consumed(limiter, tenantId, policy, 'bob')).toMatchObject({ remaining: 1 });
    unwrapOrThrow(await limiter.reset(tenantId, policy, 'never-seen'));
    unwrapOrThrow(await limiter.reset(context.tenant(), policy, 'alice'));
  });
}
