import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { type RevocationSuiteContext, revoked } from './revocation-suite-context.js';

/** The lifetime of the entries these cases let expire. */
const LIFETIME_MS = 1000;

/**
 * An entry counts until its expiry and not after; revoking again keeps the later expiry. Checks
 * keep hundreds of milliseconds from an expiry where time passes for real; exact edges are
 * checked on a fake clock.
 */
export function defineExpiryCases(context: RevocationSuiteContext): void {
  const token = { kind: 'token', id: 'jti_expiring' } as const;

  it('stops counting an entry at its expiry', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const expiresAtMs = context.nowMs() + LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ ...token, expiresAtMs }]));
    await context.advance(context.usesStoreTime ? LIFETIME_MS / 2 : LIFETIME_MS - 1);
    expect(await revoked(revocations, tenantId, [token])).toBe(true);
    await context.advance(context.usesStoreTime ? LIFETIME_MS / 2 : 1);
    expect(await revoked(revocations, tenantId, [token])).toBe(false);
  });

  it('ignores an entry whose expiry has already passed', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const expiresAtMs = context.nowMs() - 1;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ ...token, expiresAtMs }]));
    expect(await revoked(revocations, tenantId, [token])).toBe(false);
  });

  it('keeps the later expiry when an entry is revoked again with an earlier one', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const later = context.nowMs() + 2 * LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ ...token, expiresAtMs: later }]));
    const earlier = context.nowMs() + LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ ...token, expiresAtMs: earlier }]));
    await context.advance(LIFETIME_MS + LIFETIME_MS / 2);
    expect(await revoked(revocations, tenantId, [token])).toBe(true);
    await context.advance(LIFETIME_MS / 2);
    expect(await revoked(revocations, tenantId, [token])).toBe(false);
  });

  it('extends an entry revoked again with a later expiry', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const earlier = context.nowMs() + LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ ...token, expiresAtMs: earlier }]));
    const later = context.nowMs() + 2 * LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ ...token, expiresAtMs: later }]));
    await context.advance(LIFETIME_MS + LIFETIME_MS / 2);
    expect(await revoked(revocations, tenantId, [token])).toBe(true);
  });

  it('keeps the latest expiry among duplicates of one batch, in any order', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const now = context.nowMs();
    const first = { kind: 'device', id: 'dev_first' } as const;
    const last = { kind: 'device', id: 'dev_last' } as const;
    unwrapOrThrow(
      await revocations.revoke(tenantId, [
        { ...first, expiresAtMs: now + 2 * LIFETIME_MS },
        { ...first, expiresAtMs: now + LIFETIME_MS },
        { ...last, expiresAtMs: now + LIFETIME_MS },
        { ...last, expiresAtMs: now + 2 * LIFETIME_MS },
      ]),
    );
    await context.advance(LIFETIME_MS + LIFETIME_MS / 2);
    expect(await revoked(revocations, tenantId, [first])).toBe(true);
    expect(await revoked(revocations, tenantId, [last])).toBe(true);
  });
}
