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

/** A claim whose lease ends soon; its response would replay long. */
const SHORT_LEASE = { leaseMs: SHORT_MS, ttlMs: LONG_CLAIM.ttlMs };

/** Leases end (the holder died), are lost to new claims, complete once and are released. */
export function defineLeaseCases(context: IdempotencySuiteContext): void {
  it('holds a key until its lease ends, then grants a new claim with a new lease', async () => {
    const tenantId = context.tenant();
    const first = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', SHORT_LEASE));
    const elapsedMs = await advanceNearEnd(context, SHORT_MS);
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
    await advanceToEnd(context, SHORT_MS, elapsedMs);
    // Free for any request: the ended claim's fingerprint no longer binds the key.
    const second = leaseOf(await claimOf(context, tenantId, 'key', 'fp-2'));
    expect(second).not.toBe(first);
    expect(await claimOf(context, tenantId, 'key', 'fp-1')).toEqual({ state: 'mismatch' });
  });

  it('refuses to complete with a lease lost to a new claim, and keeps the new claim', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const lost = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', SHORT_LEASE));
    await advanceToEnd(context, SHORT_MS);
    const held = leaseOf(await claimOf(context, tenantId, 'key'));
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', lost, CREATED))).toBe(false);
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
    const response = { ...CREATED, body: 'from the new holder' };
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', held, response))).toBe(true);
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'completed', response });
  });

  it('refuses to complete with a lease that ended, even when nobody claimed the key since', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const ended = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', SHORT_LEASE));
    await advanceToEnd(context, SHORT_MS);
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', ended, CREATED))).toBe(false);
    leaseOf(await claimOf(context, tenantId, 'key'));
  });

  it('completes a lease once: a second completion is refused and the first response stays', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const leaseId = leaseOf(await claimOf(context, tenantId, 'key'));
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, CREATED))).toBe(true);
    const other = { ...CREATED, status: 500 };
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', leaseId, other))).toBe(false);
    // Nor can a completed claim be released.
    unwrapOrThrow(await store.release(tenantId, 'key', leaseId));
    expect(await claimOf(context, tenantId, 'key')).toEqual({
      state: 'completed',
      response: CREATED,
    });
  });

  it('frees a released key for a new claim, and the released lease completes nothing', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    const released = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1'));
    unwrapOrThrow(await store.release(tenantId, 'key', released));
    const held = leaseOf(await claimOf(context, tenantId, 'key', 'fp-2'));
    expect(held).not.toBe(released);
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', released, CREATED))).toBe(false);
    expect(await claimOf(context, tenantId, 'key', 'fp-2')).toEqual({ state: 'in_progress' });
  });

  it('releases nothing for a lease it does not hold: unknown, lost or of a free key', async () => {
    const { store } = context.underTest();
    const tenantId = context.tenant();
    unwrapOrThrow(await store.release(tenantId, 'never-claimed', 'no-such-lease'));
    const lost = leaseOf(await claimOf(context, tenantId, 'key', 'fp-1', SHORT_LEASE));
    await advanceToEnd(context, SHORT_MS);
    const held = leaseOf(await claimOf(context, tenantId, 'key'));
    unwrapOrThrow(await store.release(tenantId, 'key', 'no-such-lease'));
    unwrapOrThrow(await store.release(tenantId, 'key', lost));
    expect(await claimOf(context, tenantId, 'key')).toEqual({ state: 'in_progress' });
    expect(unwrapOrThrow(await store.complete(tenantId, 'key', held, CREATED))).toBe(true);
  });
}
