import { assert, isStorableText } from '@strongroom/kernel';
import {
  REVOCATION_BATCH_MAX,
  REVOCATION_ID_MAX_LENGTH,
  REVOCATION_KINDS,
  type Revocation,
  type RevocationCandidate,
  type RevocationKind,
} from './revocation-list.js';

const KINDS: ReadonlySet<RevocationKind> = new Set(REVOCATION_KINDS);

/**
 * Checks what a {@link RevocationList} is asked to check, as every adapter must. Kinds and ids
 * come from tokens the service issued and verified, so a bad one is a bug and throws.
 */
export function assertRevocationCandidates(candidates: readonly RevocationCandidate[]): void {
  assert(
    candidates.length <= REVOCATION_BATCH_MAX,
    `a revocation call takes at most ${REVOCATION_BATCH_MAX} entries`,
  );
  for (const { kind, id } of candidates) {
    assert(KINDS.has(kind), 'revocations are of a token, a session, a device or a user');
    assert(
      id.length >= 1 && id.length <= REVOCATION_ID_MAX_LENGTH && isStorableText(id),
      `revoked ids are 1-${REVOCATION_ID_MAX_LENGTH} characters of well-formed text without U+0000`,
    );
  }
}

/** Checks entries to revoke: candidates with an expiry in epoch milliseconds. */
export function assertRevocations(revocations: readonly Revocation[]): void {
  assertRevocationCandidates(revocations);
  for (const { expiresAtMs } of revocations) {
    assert(
      Number.isSafeInteger(expiresAtMs) && expiresAtMs >= 1,
      'a revocation expires at a whole number of epoch milliseconds',
    );
  }
}
