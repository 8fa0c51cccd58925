import type { JsonObject, StoredRecord } from '@strongroom/kernel';

/** Why a session ended before its expiry. */
export type SessionRevocationReason =
  | 'logout'
  | 'device_revoked'
  | 'replaced'
  | 'refresh_token_reused'
  | 'password_reset'
  | 'user_suspended'
  | 'user_erased';

/**
 * One device's sign-in: the family of refresh tokens rotated from one login. Only the current
 * token's hash is live; older ones stay on record (by hash) until the session expires, so a
 * replayed one is recognised and ends the family.
 */
export interface SessionData extends JsonObject {
  readonly userId: string;
  readonly deviceId: string;
  readonly currentTokenHash: string;
  /** How many times the family rotated. */
  readonly generation: number;
  /** How the user proved who they were at sign-in (`pwd`, `otp`, `sms`, `hwk`), as in RFC 8176. */
  readonly authenticationMethods: readonly string[];
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly lastRefreshedAtMs: number;
  readonly revokedAtMs: number | null;
  readonly revokedReason: SessionRevocationReason | null;
}

/** A loaded session. */
export type SessionRecord = StoredRecord<SessionData>;
