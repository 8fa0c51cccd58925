import { type IdempotencyClaim, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  advanceToEnd,
  CREATED,
  claimOf,
  type IdempotencySuiteContext,
  LONG_CLAIM,
  leaseOf,
  SHORT_MS,
} from './idempotency-suite-context.js';

/** Claims sent at once: enough to overlap on every backend's connection pool. */
const CONCURRENT_CLAIMS = 20;

/** How many of `claims` are in each state. */
function countStates(claims: readonly IdempotencyClaim[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { state } of claims) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

/** The key property: of concurrent claims of one free key, exactly one executes. */
export function defineConcurrencyCases(context: IdempotencySuiteContext): void {
  const claimAll = (
    tenantId: Parameters<typeof claimOf>[1],
    fingerprintOf: (index: number) => string,
  ) =>
    Promise.all(
      Array.from({ length: CONCURRENT_CLAIMS }, (_, index) =>
        claimOf(context, tenantId, 'key', fingerprintOf(index)),
      ),
    );

  it(`grants exactly one of ${CONCURRENT_CLAIMS} concurrent claims of a free key`, async () => {
    const claims = await claimAll(context.tenant(), () => 'fp-1');
    expect(countStates(claims)).toEqual({ claimed: 1, in_progress: CONCURRENT_CLAIMS - 1 });
  });

  it('grants exactly one of concurrent claims with different fingerprints; the rest mismatch', async () => {
    const claims = await claimAll(context.tenant(), (index) => `fp-${index}`);
    expect(countStates(claims)).toEqual({ claimed: 1, mismatch: CONCURRENT_CLAIMS - 1 });
  });

  it('grants exactly one of concurrent claims of a key whose lease ended', async () => {
    const tenantId = context.tenant();
    const { ttlMs } = LONG_CLAIM;
    leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', { leaseMs: SHORT_MS, ttlMs }));
    await advanceToEnd(context, SHORT_MS);
    const claims = await claimAll(tenantId, () => 'fp-1');
    expect(countStates(claims)).toEqual({ claimed: 1, in_progress: CONCURRENT_CLAIMS - 1 });
  });

  it('stores exactly one of concurrent completions with one lease', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key'));
    const completions = await Promise.all(
      Array.from({ length: CONCURRENT_CLAIMS }, async (_, index) =>
        unwrapOrThrow(
          await store.complete(tenantId, 'key', leaseId, { ...CREATED, body: `${index}` }),
        ),
      ),
    );
    expect(completions.filter((stored) => stored)).toHaveLength(1);
    const winner = completions.indexOf(true);
    expect(await claimOf(context, tenantId, 'key')).toEqual({
      state: 'completed',
      response: { ...CREATED, body: `${winner}` },
    });
  });
}
