import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { assert } from '@strongroom/kernel';

/**
 * The site passkeys are bound to. `id` is the RP ID (a registrable domain such as `example.com`,
 * no scheme or port): an authenticator signs its hash, so a passkey made for one RP ID never
 * works on another. `origins` are the exact page origins (`https://app.example.com`) allowed to
 * run the ceremonies.
 */
export interface PasskeyRelyingParty {
  readonly id: string;
  /** The name an authenticator shows the user when it creates a passkey. */
  readonly name: string;
  readonly origins: readonly string[];
  /** How long a ceremony may take; {@link PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS} when absent. */
  readonly challengeLifetimeMs?: number;
}

/** Most passkeys one user may hold: enough for every device a person owns, bounded for storage. */
export const PASSKEYS_PER_USER_MAX = 10;
/** Random bytes in a challenge; WebAuthn asks for at least 16, 32 matches a SHA-256 block. */
export const PASSKEY_CHALLENGE_BYTES = 32;
/** Default ceremony lifetime: the low end of WebAuthn's advice when user verification is asked. */
export const PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS = 5 * 60_000;
/** Longest ceremony lifetime a relying party may configure: the top of WebAuthn's advice. */
export const PASSKEY_CHALLENGE_LIFETIME_MAX_MS = 10 * 60_000;
/** Most origins one relying party lists. */
export const PASSKEY_RELYING_PARTY_ORIGINS_MAX = 16;
/** Longest RP ID: a DNS name is at most 253 characters. */
export const PASSKEY_RELYING_PARTY_ID_MAX_LENGTH = 253;
/** Longest user handle, in UTF-8 bytes: WebAuthn caps `user.id` at 64 bytes. */
export const PASSKEY_USER_ID_MAX_BYTES = 64;
/** Longest user name; authenticators may cut `user.name` at 64 bytes, so longer is pointless. */
export const PASSKEY_USER_NAME_MAX_LENGTH = 64;
/** Longest credential id in base64url: WebAuthn caps credential ids at 1023 bytes. */
export const PASSKEY_CREDENTIAL_ID_MAX_LENGTH = Math.ceil((1023 * 4) / 3);
/** Longest base64url field of a browser response; attestation with a certificate chain fits. */
export const PASSKEY_RESPONSE_FIELD_MAX_LENGTH = 32_768;

/**
 * COSE algorithms offered and accepted: EdDSA (-8), ES256 (-7), RS256 (-257). Pinned rather than
 * the library default, which adds ML-DSA when the runtime has it: a passkey registered on one
 * runtime must verify on every other runtime the service is deployed to.
 */
export const PASSKEY_ALGORITHM_IDS: readonly number[] = [-8, -7, -257];

/**
 * User verification (PIN, biometric) is required in every ceremony, not merely preferred. A
 * passkey stands in for a password and a second factor at once; without verification it is only
 * something the user has, and a stolen security key would open a money account on its own.
 * Authenticators that cannot verify the user cannot register, which is the intended trade.
 */
export const PASSKEY_USER_VERIFICATION = 'required';

/** Checks a relying-party configuration; a bad one is a deployment bug, so it throws. */
export function assertPasskeyRelyingParty(relyingParty: PasskeyRelyingParty): void {
  const { id, name, origins, challengeLifetimeMs } = relyingParty;
  assert(
    id.length > 0 && id.length <= PASSKEY_RELYING_PARTY_ID_MAX_LENGTH && !id.includes('/'),
    'passkey relying party id must be a domain name',
  );
  assert(name.length > 0, 'passkey relying party needs a name');
  assert(
    origins.length > 0 && origins.length <= PASSKEY_RELYING_PARTY_ORIGINS_MAX,
    'passkey relying party needs 1 to 16 origins',
  );
  // A browser reports the bare origin; `https://example.com/` with a slash would match nothing.
  for (const origin of origins) {
    assert(
      URL.canParse(origin) && new URL(origin).origin === origin,
      'passkey origin must be a bare origin',
    );
  }
  assert(
    challengeLifetimeMs === undefined ||
      (Number.isSafeInteger(challengeLifetimeMs) &&
        challengeLifetimeMs > 0 &&
        challengeLifetimeMs <= PASSKEY_CHALLENGE_LIFETIME_MAX_MS),
    'passkey challenge lifetime must be 1 ms to 10 minutes',
  );
}

/**
 * Checks the credential ids the service passes from its own records (to exclude at registration,
 * to allow at sign-in): at most {@link PASSKEYS_PER_USER_MAX}, each a bounded base64url string.
 */
export function assertPasskeyCredentialIds(credentialIds: readonly string[]): void {
  assert(credentialIds.length <= PASSKEYS_PER_USER_MAX, 'more passkey ids than a user may hold');
  for (const credentialId of credentialIds) {
    assert(
      credentialId.length > 0 &&
        credentialId.length <= PASSKEY_CREDENTIAL_ID_MAX_LENGTH &&
        isoBase64URL.isBase64URL(credentialId),
      'passkey credential id must be base64url',
    );
  }
}

/** The ceremony lifetime of a relying party, default applied. */
export function passkeyChallengeLifetimeMs(relyingParty: PasskeyRelyingParty): number {
  return relyingParty.challengeLifetimeMs ?? PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS;
}
