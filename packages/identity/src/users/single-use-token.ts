import { err, ok, type Result, type StorageTransaction } from '@strongroom/kernel';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import type { InvalidVerificationTokenError } from '../service/identity-error.js';
import {
  generateSecretToken,
  hashSecretToken,
  isSecretTokenShape,
} from '../service/secret-token.js';

/** What a single-use token proves: control of the email, or the right to set a new password. */
export type SingleUseTokenPurpose = 'email_verification' | 'password_reset';

/**
 * Writes a new single-use token for a user and returns its text, which only the recipient ever
 * sees: the record holds its SHA-256, the purpose and the expiry.
 */
export async function issueSingleUseToken(
  tx: StorageTransaction,
  input: {
    readonly purpose: SingleUseTokenPurpose;
    readonly userId: string;
    readonly nowMs: number;
    readonly ttlMs: number;
  },
): Promise<{ readonly token: string; readonly expiresAtMs: number }> {
  const token = generateSecretToken();
  const expiresAtMs = input.nowMs + input.ttlMs;
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.tokens,
    id: hashSecretToken(token),
    data: { purpose: input.purpose, userId: input.userId, expiresAtMs, usedAtMs: null },
    expectedVersion: 0,
  });
  return { token, expiresAtMs };
}

/**
 * Spends a single-use token: it must exist for this purpose, be unexpired and unused; it is then
 * marked used in the same transaction as the change it authorizes, so it works exactly once.
 */
export async function consumeSingleUseToken(
  tx: StorageTransaction,
  input: {
    readonly purpose: SingleUseTokenPurpose;
    readonly token: unknown;
    readonly nowMs: number;
  },
): Promise<Result<{ readonly userId: string }, InvalidVerificationTokenError>> {
  const notFound = { type: 'identity.invalid_verification_token', reason: 'not_found' } as const;
  if (!isSecretTokenShape(input.token)) return err(notFound);
  const id = hashSecretToken(input.token);
  const record = await tx.records.get(IDENTITY_COLLECTIONS.tokens, id);
  const data = record?.data;
  if (record === undefined || data?.['purpose'] !== input.purpose) return err(notFound);
  if (data['usedAtMs'] !== null)
    return err({ type: 'identity.invalid_verification_token', reason: 'used' });
  if (input.nowMs >= Number(data['expiresAtMs']))
    return err({ type: 'identity.invalid_verification_token', reason: 'expired' });
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.tokens,
    id,
    data: { ...data, usedAtMs: input.nowMs },
    expectedVersion: record.version,
  });
  return ok({ userId: String(data['userId']) });
}
