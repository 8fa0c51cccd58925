import { REVOCATION_BATCH_MAX, REVOCATION_ID_MAX_LENGTH } from '@strongroom/identity';
import { unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import {
  LONG_LIFETIME_MS,
  type RevocationSuiteContext,
  revoked,
} from './revocation-suite-context.js';

/** Entries are revoked per tenant, kind and id; a check is true when any candidate is revoked. */
export function defineRevokeCases(context: RevocationSuiteContext): void {
  it('revokes nothing until asked, and answers false for no candidates', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    expect(await revoked(revocations, tenantId, [{ kind: 'token', id: 'jti_1' }])).toBe(false);
    expect(await revoked(revocations, tenantId, [])).toBe(false);
    unwrapOrThrow(await revocations.revoke(tenantId, []));
  });

  it('revokes a token, a device and a user, each by its kind and id only', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const expiresAtMs = context.nowMs() + LONG_LIFETIME_MS;
    unwrapOrThrow(
      await revocations.revoke(tenantId, [
        { kind: 'token', id: 'jti_1', expiresAtMs },
        { kind: 'device', id: 'dev_1', expiresAtMs },
        { kind: 'user', id: 'usr_1', expiresAtMs },
      ]),
    );
    for (const candidate of [
      { kind: 'token', id: 'jti_1' },
      { kind: 'device', id: 'dev_1' },
      { kind: 'user', id: 'usr_1' },
    ] as const) {
      expect(await revoked(revocations, tenantId, [candidate]), candidate.id).toBe(true);
    }
    for (const candidate of [
      { kind: 'device', id: 'jti_1' },
      { kind: 'user', id: 'dev_1' },
      { kind: 'token', id: 'usr_1' },
      { kind: 'token', id: 'jti_2' },
      { kind: 'token', id: 'JTI_1' },
    ] as const) {
      expect(await revoked(revocations, tenantId, [candidate]), candidate.id).toBe(false);
    }
  });

  it("answers true when any one of a token's candidates is revoked", async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const token = [
      { kind: 'token', id: 'jti_9' },
      { kind: 'device', id: 'dev_9' },
      { kind: 'user', id: 'usr_9' },
    ] as const;
    expect(await revoked(revocations, tenantId, token)).toBe(false);
    const expiresAtMs = context.nowMs() + LONG_LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantId, [{ kind: 'user', id: 'usr_9', expiresAtMs }]));
    expect(await revoked(revocations, tenantId, token)).toBe(true);
    expect(await revoked(revocations, tenantId, token.slice(0, 2))).toBe(false);
    // The same candidate twice changes nothing.
    expect(await revoked(revocations, tenantId, [token[2], token[2]])).toBe(true);
  });

  it(`revokes and checks a full batch of ${REVOCATION_BATCH_MAX} at once`, async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    const expiresAtMs = context.nowMs() + LONG_LIFETIME_MS;
    const ids = Array.from({ length: REVOCATION_BATCH_MAX }, (_, index) =>
      `jti_${String(index).padStart(3, '0')}`.padEnd(REVOCATION_ID_MAX_LENGTH, 'x'),
    );
    unwrapOrThrow(
      await revocations.revoke(
        tenantId,
        ids.map((id) => ({ kind: 'token', id, expiresAtMs })),
      ),
    );
    const others = ids.map((id) => ({ kind: 'device', id }) as const);
    expect(await revoked(revocations, tenantId, others)).toBe(false);
    const lastOnly = [...others.slice(1), { kind: 'token', id: ids.at(-1) ?? '' } as const];
    expect(await revoked(revocations, tenantId, lastOnly)).toBe(true);
  });

  it("keeps tenants apart: one tenant's revocation never denies another's tokens", async () => {
    const { revocations } = context.underTest();
    const tenantA = context.tenant();
    const tenantB = context.tenant();
    const expiresAtMs = context.nowMs() + LONG_LIFETIME_MS;
    unwrapOrThrow(await revocations.revoke(tenantA, [{ kind: 'user', id: 'usr_1', expiresAtMs }]));
    expect(await revoked(revocations, tenantA, [{ kind: 'user', id: 'usr_1' }])).toBe(true);
    expect(await revoked(revocations, tenantB, [{ kind: 'user', id: 'usr_1' }])).toBe(false);
  });
}
