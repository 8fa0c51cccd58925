import { assert } from '@strongroom/kernel';

/** The most bytes `crypto.getRandomValues` fills in one call (WebCrypto's quota). */
export const RANDOM_BYTES_MAX = 65_536;

/** Cryptographically secure random bytes from the platform CSPRNG (`crypto.getRandomValues`). */
export function randomBytes(length: number): Uint8Array {
  assert(
    Number.isSafeInteger(length) && length >= 0 && length <= RANDOM_BYTES_MAX,
    'randomBytes takes 0 to 65536 bytes',
  );
  return crypto.getRandomValues(new Uint8Array(length));
}
