import type { JsonObject, StoredRecord } from '@strongroom/kernel';
import type { UserStatus } from './user-status.js';

/** A user's enrolled second factors; secrets only as envelopes or hashes. */
export interface UserMfaData extends JsonObject {
  /** The TOTP secret's envelope (field encryption under the user's key), or null. */
  readonly totpSecretEnvelope: string | null;
  /** False between enrolment and the first correct code. */
  readonly totpConfirmed: boolean;
  /** The last TOTP step accepted: a step is never accepted twice. */
  readonly totpLastUsedStep: number;
  /** SHA-256 of each unused recovery code; a used one is removed. */
  readonly recoveryCodeHashes: readonly string[];
  /** One-time codes by SMS to the verified phone. */
  readonly smsEnabled: boolean;
  /** Credential ids of the user's passkeys (base64url). */
  readonly passkeyIds: readonly string[];
}

/** The stored user: personal fields as vault envelopes, the email's uniqueness as a blind index. */
export interface UserData extends JsonObject {
  readonly status: UserStatus;
  /** The normalized email, encrypted for the user; null once erased. */
  readonly emailEnvelope: string | null;
  /** The blind index under which `identity.emails` holds this user; null once erased. */
  readonly emailIndex: string | null;
  readonly emailVerifiedAtMs: number | null;
  readonly phoneEnvelope: string | null;
  readonly roles: readonly string[];
  /** A PHC string (argon2id, or a legacy bcrypt hash until the next login); null once erased. */
  readonly passwordHash: string | null;
  /** Consecutive failed logins since the last success or lockout. */
  readonly failedLogins: number;
  /** Lockouts in a row; each one lengthens the next cooldown. */
  readonly lockouts: number;
  readonly lockedUntilMs: number | null;
  readonly mfa: UserMfaData;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly erasedAtMs: number | null;
}

/** A loaded user record. */
export type UserRecord = StoredRecord<UserData>;

/** The MFA state of a user who has enrolled nothing. */
export const NO_MFA: UserMfaData = {
  totpSecretEnvelope: null,
  totpConfirmed: false,
  totpLastUsedStep: -1,
  recoveryCodeHashes: [],
  smsEnabled: false,
  passkeyIds: [],
};

/** Whether a second factor must follow the password. */
export function hasSecondFactor(mfa: UserMfaData): boolean {
  return (
    (mfa.totpSecretEnvelope !== null && mfa.totpConfirmed) ||
    mfa.smsEnabled ||
    mfa.passkeyIds.length > 0
  );
}
