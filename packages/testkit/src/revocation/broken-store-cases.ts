import { expect, it } from 'vitest';
import { LONG_LIFETIME_MS, type RevocationSuiteContext } from './revocation-suite-context.js';

/** A store failure is a retryable error, never a "not revoked": verification then fails closed. */
export function defineBrokenStoreCases(context: RevocationSuiteContext): void {
  it('reports revoking and checking on a failed store as retryable infrastructure errors', async (test) => {
    const { revocations } = context.brokenStore(test);
    const tenantId = context.tenant();
    const expiresAtMs = context.nowMs() + LONG_LIFETIME_MS;
    const revoking = await revocations.revoke(tenantId, [{ kind: 'user', id: 'u', expiresAtMs }]);
    expect(revoking._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
    const checking = await revocations.isRevoked(tenantId, [{ kind: 'user', id: 'u' }]);
    expect(checking._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
  });
}
