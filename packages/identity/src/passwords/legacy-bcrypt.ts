import { compare } from 'bcryptjs';

/**
 * The highest bcrypt cost verified. bcryptjs is pure JavaScript and runs on the main thread (in
 * slices of about 100 ms between which other work proceeds): cost 10 takes about 80 ms here and
 * each step doubles it, so 14 is over a second. A higher cost is refused rather than let a stored
 * value stall the process; such a user signs in again after a password reset.
 */
export const LEGACY_BCRYPT_COST_MAX = 14;

// Modular crypt format: `$2a$`, `$2b$` or `$2y$`, a two-digit cost, then 22 characters of salt
// and 31 of hash in bcrypt's own base64 alphabet.
const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const BCRYPT_COST_MIN = 4;

/** True when a stored hash claims to be bcrypt: a legacy hash, rehashed on the next sign-in. */
export function isLegacyBcryptHash(storedHash: string): boolean {
  return /^\$2[aby]\$/.test(storedHash);
}

/**
 * Checks a password against a bcrypt hash imported from an earlier system; `false` for a damaged
 * hash or one above {@link LEGACY_BCRYPT_COST_MAX}. Accepted only for legacy hashes, since it
 * costs main-thread time that argon2id on worker threads does not. bcrypt reads only the first
 * 72 bytes of a password, which is one more reason to rehash after the first success.
 */
export async function verifyLegacyBcrypt(storedHash: string, password: string): Promise<boolean> {
  const cost = Number(BCRYPT_HASH.exec(storedHash)?.[1]);
  if (!(cost >= BCRYPT_COST_MIN && cost <= LEGACY_BCRYPT_COST_MAX)) return false;
  return compare(password, storedHash);
}
