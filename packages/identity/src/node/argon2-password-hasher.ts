import { timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { assert } from '@strongroom/kernel';
import {
  ARGON2_OWASP_PARAMETERS,
  ARGON2_SALT_BYTES,
  ARGON2_TAG_BYTES,
  type Argon2Parameters,
  assertHasherParameters,
  sameArgon2Parameters,
} from '../passwords/argon2-parameters.js';
import { isLegacyBcryptHash, verifyLegacyBcrypt } from '../passwords/legacy-bcrypt.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { PASSWORD_INPUT_MAX_LENGTH } from '../passwords/password-policy.js';
import { formatArgon2idPhc, parseArgon2idPhc } from '../passwords/phc-string.js';
import { deriveArgon2id } from './derive-argon2id.js';
import { HashSlots } from './hash-slots.js';

/** How an argon2id hasher may be configured beyond its parameters. */
export interface Argon2PasswordHasherOptions {
  /**
   * Tests only: accept parameters below the OWASP minimum, down to 1024 KiB, one pass and one
   * lane (`ARGON2_WEAK_MEMORY_KIB_MIN`), so suites run the real argon2id quickly.
   */
  readonly allowWeakParameters?: boolean;
  /**
   * Most hashes computed at once; more wait their turn. Default: the machine's parallelism
   * (`os.availableParallelism()`), so argon2 never has more runnable threads than there are cores
   * to share with the event loop and the database.
   */
  readonly maxConcurrentHashes?: number;
}

/**
 * The {@link PasswordHasher} for Node: argon2id PHC strings through `node:crypto` on the thread
 * pool, OWASP's minimum by default (anything weaker is refused unless `allowWeakParameters`).
 * It also verifies legacy bcrypt hashes (`$2a$`, `$2b$`, `$2y$`) and reports them, and every
 * argon2id hash with other parameters, as needing a rehash, so sign-in upgrades them.
 */
export function createArgon2PasswordHasher(
  parameters: Argon2Parameters = ARGON2_OWASP_PARAMETERS,
  options: Argon2PasswordHasherOptions = {},
): PasswordHasher {
  assertHasherParameters(parameters, options.allowWeakParameters === true);
  const configured: Argon2Parameters = Object.freeze({ ...parameters });
  const slots = new HashSlots(options.maxConcurrentHashes ?? availableParallelism());
  const derive = (password: string, salt: Uint8Array, cost: Argon2Parameters, bytes: number) =>
    slots.run(() => deriveArgon2id(password, salt, cost, bytes));
  return {
    async hash(password) {
      assert(password.length <= PASSWORD_INPUT_MAX_LENGTH, 'password passed the policy first');
      const salt = crypto.getRandomValues(new Uint8Array(ARGON2_SALT_BYTES));
      const hash = await derive(password, salt, configured, ARGON2_TAG_BYTES);
      return formatArgon2idPhc({ parameters: configured, salt, hash });
    },
    async verify(storedHash, password) {
      if (password.length > PASSWORD_INPUT_MAX_LENGTH) return false;
      if (isLegacyBcryptHash(storedHash)) return verifyLegacyBcrypt(storedHash, password);
      const stored = parseArgon2idPhc(storedHash);
      if (stored === undefined) return false;
      const { parameters: cost, salt, hash } = stored;
      return timingSafeEqual(await derive(password, salt, cost, hash.length), hash);
    },
    needsRehash(storedHash) {
      // Anything that is not an argon2id PHC string, legacy bcrypt included, is rehashed.
      const stored = parseArgon2idPhc(storedHash);
      return (
        stored === undefined ||
        stored.hash.length !== ARGON2_TAG_BYTES ||
        !sameArgon2Parameters(stored.parameters, configured)
      );
    },
  };
}
