import {
  REVOCATION_BATCH_MAX,
  REVOCATION_ID_MAX_LENGTH,
  type Revocation,
  type RevocationKind,
} from '@strongroom/identity';
import { AssertionFailure } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { called } from '../timed-store/timed-suite-context.js';
import { LONG_LIFETIME_MS, type RevocationSuiteContext } from './revocation-suite-context.js';

/** Entries that break the port's rules; each is a bug in the caller and throws. */
function badRevocations(expiresAtMs: number): readonly [string, readonly Revocation[]][] {
  const entry = { kind: 'token', id: 'jti_1', expiresAtMs } as const;
  return [
    ['an empty id', [{ ...entry, id: '' }]],
    ['an id over the length limit', [{ ...entry, id: 'x'.repeat(REVOCATION_ID_MAX_LENGTH + 1) }]],
    ['an unknown kind', [{ ...entry, kind: 'cookie' as RevocationKind }]],
    ['a batch over the limit', Array.from({ length: REVOCATION_BATCH_MAX + 1 }, () => entry)],
  ];
}

/** Bad entries throw: they are bugs in the caller, not operating errors. */
export function defineBadInputCases(context: RevocationSuiteContext): void {
  it('throws an AssertionFailure for bad entries to revoke or check', async () => {
    const { revocations } = context.underTest();
    const tenantId = context.tenant();
    for (const [what, entries] of badRevocations(context.nowMs() + LONG_LIFETIME_MS)) {
      await expect(
        called(() => revocations.revoke(tenantId, entries)),
        what,
      ).rejects.toThrow(AssertionFailure);
      const candidates = entries.map(({ kind, id }) => ({ kind, id }));
      await expect(
        called(() => revocations.isRevoked(tenantId, candidates)),
        what,
      ).rejects.toThrow(AssertionFailure);
    }
  });

  it('throws an AssertionFailure for an expiry that is not whole epoch milliseconds', async () => {
    const { revocations } = context.underTest();
    for (const expiresAtMs of [context.nowMs() + 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(
        called(() =>
          revocations.revoke(context.tenant(), [{ kind: 'token', id: 'jti_1', expiresAtMs }]),
        ),
      ).rejects.toThrow(AssertionFailure);
    }
  });
}
