/**
 * The storage collections identity owns. Secrets (tokens, codes) are stored only as SHA-256
 * hashes, personal fields only as vault envelopes, the email's uniqueness only as a blind index.
 */
export const IDENTITY_COLLECTIONS = {
  users: 'identity.users',
  /** Blind index of a normalized email → user id: uniqueness per tenant without the address. */
  emails: 'identity.emails',
  /** Single-use email-verification and password-reset tokens, keyed by their hash. */
  tokens: 'identity.tokens',
  devices: 'identity.devices',
  /** A user's device ids, so that "revoke all" and "list devices" need no scan. */
  userDevices: 'identity.user_devices',
  sessions: 'identity.sessions',
  /** Refresh tokens by hash, current and rotated (kept to detect reuse). */
  refreshTokens: 'identity.refresh_tokens',
  /** Logins that passed the password and wait for their second factor, keyed by a hash. */
  mfaChallenges: 'identity.mfa_challenges',
  /** Passkeys by the SHA-256 of their credential id (ids can exceed a record id's length). */
  passkeys: 'identity.passkeys',
  /** A user's pending passkey registration challenge, one at a time. */
  passkeyRegistrations: 'identity.passkey_registrations',
} as const;
