import { assert } from '@strongroom/kernel';
import { Secret } from 'otpauth';

/** Bytes of a new TOTP secret: 160 bits, what RFC 4226 §4 (R6) recommends (it requires 128). */
export const TOTP_SECRET_BYTES = 20;
/** Fewest secret bytes accepted: RFC 4226 §4 (R6) requires 128 bits. */
export const TOTP_SECRET_MIN_BYTES = 16;
/** Most secret bytes accepted: 64, the length of RFC 6238's SHA-512 seed. */
export const TOTP_SECRET_MAX_BYTES = 64;

const BASE32_SECRET = /^[A-Z2-7]+$/;
const BASE32_MAX_LENGTH = Math.ceil((TOTP_SECRET_MAX_BYTES * 8) / 5);

/**
 * A fresh TOTP secret as unpadded RFC 4648 base32, the form authenticator apps read. It is a key:
 * the caller stores it encrypted and shows it only during enrollment.
 */
export function generateTotpSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOTP_SECRET_BYTES));
  return new Secret({ buffer: bytes.buffer }).base32;
}

/**
 * Decodes a stored secret. Secrets come from {@link generateTotpSecret} through storage, never
 * from a user, so a malformed one is corrupt data and fails an assertion (that never echoes it).
 */
export function decodeTotpSecret(base32: string): Secret {
  assert(
    base32.length <= BASE32_MAX_LENGTH && BASE32_SECRET.test(base32),
    'a TOTP secret is unpadded upper-case base32 of at most 64 bytes',
  );
  const secret = Secret.fromBase32(base32);
  assert(secret.bytes.length >= TOTP_SECRET_MIN_BYTES, 'a TOTP secret has at least 128 bits');
  return secret;
}
