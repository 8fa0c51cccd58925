import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';

/** The time step of the codes identity accepts (its TOTP defaults: SHA-1, 6 digits, 30 s). */
export const SUITE_TOTP_PERIOD_MS = 30_000;

/** Digits of an authenticator app's code. */
export const SUITE_TOTP_DIGITS = 6;

/** Longest base32 secret the suite decodes: 64 bytes, the most identity accepts. */
export const SUITE_TOTP_SECRET_MAX_LENGTH = 103;

// RFC 4648 §6, the alphabet of `otpauth://` secrets.
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes unpadded upper-case base32; throws on any other character (a broken URI is a bug). */
function decodeBase32(text: string): Uint8Array {
  if (text.length > SUITE_TOTP_SECRET_MAX_LENGTH) throw new Error('base32 secret is too long');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of text) {
    const value = BASE32_ALPHABET.indexOf(character);
    if (value < 0) throw new Error('base32 secret holds a character outside RFC 4648 §6');
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * The code an authenticator app shows for a base32 secret at `atMs` (RFC 6238 over RFC 4226's
 * HMAC-SHA-1 and dynamic truncation). The suite computes codes itself: it is what a user's phone
 * does, and the testkit does not depend on an OTP library. Checked against RFC 6238 appendix B.
 */
export function suiteTotpCode(
  base32Secret: string,
  atMs: number,
  digits = SUITE_TOTP_DIGITS,
): string {
  const step = Math.floor(atMs / SUITE_TOTP_PERIOD_MS);
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(step));
  const mac = hmac(sha1, decodeBase32(base32Secret), counter);
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = new DataView(mac.buffer, mac.byteOffset).getUint32(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The secret of an `otpauth://totp/…?secret=…` enrollment URI. */
export function totpSecretOf(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  if (secret === null) throw new Error('the enrollment URI carries no secret');
  return secret;
}
