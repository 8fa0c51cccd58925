import {
  assert,
  err,
  ok,
  type Result,
  type StorageTransaction,
  type TenantId,
} from '@strongroom/kernel';
import type { BlindIndexError } from '@strongroom/vault';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import type { IdentityContext } from '../service/identity-context.js';

/** The blind-index field name of emails; part of every index, so it can never change. */
export const EMAIL_INDEX_FIELD = 'email';

/** An email's blind indexes: the one to claim it under, and every one to look it up by. */
export interface EmailIndexes {
  /** Under the current blind-index secret. */
  readonly current: string;
  /** Under every live secret, the current one first. */
  readonly candidates: readonly string[];
}

/**
 * The blind indexes of a normalized email under every live blind-index secret: claim under the
 * current one, look up under all while a rotated secret is being rolled out.
 */
export async function emailIndexes(
  context: IdentityContext,
  tenantId: TenantId,
  normalizedEmail: string,
): Promise<Result<EmailIndexes, BlindIndexError>> {
  const candidates = await context.fields.blindIndexCandidates({
    tenantId,
    field: EMAIL_INDEX_FIELD,
    value: normalizedEmail,
  });
  if (candidates.isErr()) return err(candidates.error);
  const [current] = candidates.value;
  assert(current !== undefined, 'a versioned secret has at least one version');
  return ok({ current, candidates: candidates.value });
}

/**
 * Moves a user's email claim to the current blind-index secret, inside the caller's transaction
 * (a sign-in that proved the password): the claim under the current index is written and the old
 * one deleted, so once every active user has signed in the old secret version indexes nothing
 * and can be retired. Answers the index the user record must now name; nothing changes when the
 * claim is already current.
 */
export async function moveEmailClaim(
  tx: StorageTransaction,
  userId: string,
  claimedIndex: string,
  currentIndex: string,
): Promise<string> {
  if (claimedIndex === currentIndex) return claimedIndex;
  const [old, current] = await tx.records.getMany(IDENTITY_COLLECTIONS.emails, [
    claimedIndex,
    currentIndex,
  ]);
  // Registration refuses an email claimed under any live version, so the current index is free
  // or already this user's (a move that committed before).
  assert(
    current === undefined || current.data['userId'] === userId,
    'an email is claimed by one user under every live blind-index version',
  );
  if (current === undefined) {
    await tx.records.put({
      collection: IDENTITY_COLLECTIONS.emails,
      id: currentIndex,
      data: { userId },
      expectedVersion: 0,
    });
  }
  if (old !== undefined && old.data['userId'] === userId) {
    await tx.records.delete({
      collection: IDENTITY_COLLECTIONS.emails,
      id: claimedIndex,
      expectedVersion: old.version,
    });
  }
  return currentIndex;
}
