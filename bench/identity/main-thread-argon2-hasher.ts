import { argon2Sync, timingSafeEqual } from 'node:crypto';
import {
  ARGON2_OWASP_PARAMETERS,
  ARGON2_SALT_BYTES,
  ARGON2_TAG_BYTES,
  type Argon2Parameters,
  formatArgon2idPhc,
  type PasswordHasher,
  parseArgon2idPhc,
} from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';

// The library's hasher, asked only which stored hashes need a rehash, so both runs rehash alike.
const threadPoolHasher = createArgon2PasswordHasher();

function deriveOnMainThread(
  password: string,
  salt: Uint8Array,
  parameters: Argon2Parameters,
  tagBytes: number,
): Uint8Array {
  return argon2Sync('argon2id', {
    message: password,
    nonce: salt,
    memory: parameters.memoryKib,
    passes: parameters.passes,
    parallelism: parameters.parallelism,
    tagLength: tagBytes,
  });
}

/**
 * BENCH ONLY, never for a service: the same argon2id PHC hashes as `createArgon2PasswordHasher()`,
 * computed with `crypto.argon2Sync`, which blocks the event loop for every hash. It exists to show,
 * next to the thread-pool run, what hashing on the main thread costs in sign-ins per second and in
 * event-loop delay.
 */
export const mainThreadArgon2Hasher: PasswordHasher = {
  async hash(password) {
    const salt = crypto.getRandomValues(new Uint8Array(ARGON2_SALT_BYTES));
    const parameters = ARGON2_OWASP_PARAMETERS;
    const hash = deriveOnMainThread(password, salt, parameters, ARGON2_TAG_BYTES);
    return formatArgon2idPhc({ parameters, salt, hash });
  },
  async verify(storedHash, password) {
    const stored = parseArgon2idPhc(storedHash);
    if (stored === undefined) return false;
    const { parameters, salt, hash } = stored;
    return timingSafeEqual(deriveOnMainThread(password, salt, parameters, hash.length), hash);
  },
  needsRehash: (storedHash) => threadPoolHasher.needsRehash(storedHash),
};
