import type { JsonObject, StorageTransaction } from '@strongroom/kernel';
import type { PreparedDevice } from '../devices/device-record.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import { MFA_CHALLENGE_TTL_MS_DEFAULT } from '../service/identity-limits.js';
import { generateSecretToken, hashSecretToken } from '../service/secret-token.js';
import type { UserMfaData } from '../users/user-record.js';

/** A second factor a user may answer with. */
export type MfaMethod = 'totp' | 'recovery_code' | 'sms' | 'passkey';

/** A login that passed its password and waits for a second factor. */
export interface MfaChallengeData extends JsonObject {
  readonly userId: string;
  readonly device: PreparedDevice;
  readonly expiresAtMs: number;
  readonly attempts: number;
}

/** The methods a user can finish a login with. */
export function mfaMethodsOf(mfa: UserMfaData): MfaMethod[] {
  const methods: MfaMethod[] = [];
  if (mfa.totpSecretEnvelope !== null && mfa.totpConfirmed) methods.push('totp');
  if (mfa.smsEnabled) methods.push('sms');
  if (mfa.passkeyIds.length > 0) methods.push('passkey');
  if (methods.length > 0 && mfa.recoveryCodeHashes.length > 0) methods.push('recovery_code');
  return methods;
}

/** Records a pending second-factor step; the returned token is the client's handle to it. */
export async function createMfaChallenge(
  tx: StorageTransaction,
  input: { readonly userId: string; readonly device: PreparedDevice; readonly nowMs: number },
): Promise<{ readonly mfaToken: string; readonly expiresAtMs: number }> {
  const mfaToken = generateSecretToken();
  const expiresAtMs = input.nowMs + MFA_CHALLENGE_TTL_MS_DEFAULT;
  const data: MfaChallengeData = {
    userId: input.userId,
    device: input.device,
    expiresAtMs,
    attempts: 0,
  };
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.mfaChallenges,
    id: hashSecretToken(mfaToken),
    data,
    expectedVersion: 0,
  });
  return { mfaToken, expiresAtMs };
}
