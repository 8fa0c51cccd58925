import { expect, it } from 'vitest';
import { type RateLimitSuiteContext, suitePolicy } from './rate-limit-suite-context.js';

/** A store failure follows the policy's fail mode. */
export function defineBrokenStoreCases(context: RateLimitSuiteContext): void {
  it('refuses with a retryable infrastructure error when the store fails under a fail-closed policy', async (test) => {
    const { limiter } = context.brokenStore(test);
    const result = await limiter.consume(context.tenant(), suitePolicy(), 'alice');
    expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
  });

  it('lets the request through, marked degraded, when the store fails under a fail-open policy', async (test) => {
    const { limiter } = context.brokenStore(test);
    const policy = suitePolicy({ failMode: 'open' });
    for (let attempt = 0; attempt < policy.points + 2; attempt += 1) {
      const decision = (await limiter.consume(context.tenant(), policy, 'alice'))._unsafeUnwrap();
      expect(decision).toMatchObject({
        allowed: true,
        limit: policy.points,
        retryAfterMs: 0,
        resetAfterMs: 0,
        degraded: true,
      });
      expect(decision.remaining).toBeGreaterThanOrEqual(0);
      expect(decision.remaining).toBeLessThanOrEqual(policy.points);
    }
  });

  it('reports a reset the store could not do as an infrastructure error', async (test) => {
    const { limiter } = context.brokenStore(test);
    const result = await limiter.reset(context.tenant(), suitePolicy({ failMode: 'open' }), 'a');
    expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure' });
  });
}
