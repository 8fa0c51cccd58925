import { bytesToHex } from '@noble/hashes/utils.js';
import type { PasswordHasher } from './password-hasher.js';

/** Random bytes behind the dummy password, which nobody knows or stores. */
export const DUMMY_PASSWORD_BYTES = 32;

/**
 * A hash of a random password, made with the hasher's own parameters. Sign-in verifies against it
 * when no account has the email, so an unknown email costs the same argon2id work as a wrong
 * password and timing does not reveal which emails have accounts. Make it once and keep it.
 */
export function createDummyPasswordHash(hasher: PasswordHasher): Promise<string> {
  return hasher.hash(bytesToHex(crypto.getRandomValues(new Uint8Array(DUMMY_PASSWORD_BYTES))));
}
