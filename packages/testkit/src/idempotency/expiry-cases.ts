import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  advanceNearEnd,
  advanceToEnd,
  CREATED,
  claimOf,
  type IdempotencySuiteContext,
  LONG_CLAIM,
  leaseOf,
  SHORT_MS,
} from './idempotency-suite-context.js';

/** A claim whose response replays only briefly; its lease would outlast every case. */
const SHORT_TTL = { leaseMs: LONG_CLAIM.leaseMs, ttlMs: SHORT_MS };

/** A completed response replays for its time to live, counted from completion, and no longer. */
export function defineExpiryCases(context: IdempotencySuiteContext): void {
  it('replays a response for its time to live, then frees the key', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', SHORT_TTL));
    unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, CREATED));
    const elapsedMs = await advanceNearEnd(context, SHORT_MS);
    expect(await claimOf(context, tenantId, 'key')).toEqual({
      state: 'completed',
      response: CREATED,
    });
    await advanceToEnd(context, SHORT_MS, elapsedMs);
    // Free for any request, even one the old fingerprint would have refused.
    leaseOf(await claimOf(context, tenantId, 'key', 'fp-2'));
  });

  it('counts the time to live from completion, not from the claim', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', SHORT_TTL));
    await context.advance(SHORT_MS);
    unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, CREATED));
    const elapsedMs = await advanceNearEnd(context, SHORT_MS);
    expect(await claimOf(context, tenantId, 'key')).toEqual({
      state: 'completed',
      response: CREATED,
    });
    await advanceToEnd(context, SHORT_MS, elapsedMs);
    leaseOf(await claimOf(context, tenantId, 'key'));
  });
}
