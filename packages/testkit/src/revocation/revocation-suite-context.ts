import type { RevocationCandidate, RevocationList } from '@strongroom/identity';
import { type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { TimedSuiteContext } from '../timed-store/timed-suite-context.js';
import type { RevocationListUnderTest } from './revocation-list-backend.js';

/** What every group of revocation cases receives. */
export type RevocationSuiteContext = TimedSuiteContext<RevocationListUnderTest>;

/** How long most entries stay revoked: long, for cases that let no time pass. */
export const LONG_LIFETIME_MS = 60 * 60 * 1000;

/** Checks and unwraps: a store failure fails the case. */
export async function revoked(
  list: RevocationList,
  tenantId: TenantId,
  candidates: readonly RevocationCandidate[],
): Promise<boolean> {
  return unwrapOrThrow(await list.isRevoked(tenantId, candidates));
}
