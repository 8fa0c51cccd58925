import type { RateLimitDecision } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  LONG_WINDOW_MS,
  type RateLimitSuiteContext,
  suitePolicy,
} from './rate-limit-suite-context.js';

/** Consumers of one key at once. */
const CONCURRENT_CONSUMERS = 20;
/** The policy's points, well below the consumers. */
const POINTS = 5;

/** Concurrent consumers of one key never overspend it, whatever the store's concurrency. */
export function defineConcurrencyCases(context: RateLimitSuiteContext): void {
  it(`allows at most ${POINTS} of ${CONCURRENT_CONSUMERS} concurrent consumptions of one key`, async () => {
    const { limiter } = context.underTest();
    const tenantId = context.tenant();
    const otherTenantId = context.tenant();
    const policy = suitePolicy({ points: POINTS, durationMs: LONG_WINDOW_MS });
    const results = await Promise.all(
      Array.from({ length: CONCURRENT_CONSUMERS }, (_, index) =>
        // Every fourth consumer is another tenant's: contention there must not leak across.
        limiter.consume(index % 4 === 3 ? otherTenantId : tenantId, policy, 'hot'),
      ),
    );
    const byTenant = { own: [] as RateLimitDecision[], other: [] as RateLimitDecision[] };
    results.forEach((result, index) => {
      // A fail-closed policy may report a store that gave up under contention, never more.
      if (result.isErr()) {
        expect(result.error).toMatchObject({ type: 'infrastructure', retryable: true });
        return;
      }
      (index % 4 === 3 ? byTenant.other : byTenant.own).push(result.value);
    });
    for (const decisions of [byTenant.own, byTenant.other]) {
      const allowed = decisions.filter((decision) => decision.allowed);
      // Every counted consumption up to the limit is allowed, and none beyond it.
      expect(allowed).toHaveLength(Math.min(POINTS, decisions.length));
      expect(new Set(allowed.map((decision) => decision.remaining))).toEqual(
        new Set(Array.from({ length: allowed.length }, (_, index) => POINTS - 1 - index)),
      );
    }
  });
}
