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
import { sharedArgon2ThreadPool } from './argon2-thread-pool.js';

/** How an argon2id hasher may be configured beyond its parameters. */
export interface Argon2PasswordHasherOptions {
  /**
   * Tests only: accept parameters below the OWASP minimum, down to 1024 KiB, one pass and one
   * lane (`ARGON2_WEAK_MEMORY_KIB_MIN`), so suites run the real argon2id quickly.
   */
  readonly allowWeakParameters?: boolean;
  /**
   * Most hashes computed at once, each on a worker thread of its own; more wait their turn.
   * Default: one more than the machine's parallelism (`os.availableParallelism() + 1`), so every
   * core has a hash to compute even while a finished one hands its thread on. Hashers with the
   * same `maxConcurrentHashes` and `niceIncrement` share their threads.
   */
  readonly maxConcurrentHashes?: number;
  /**
   * How far below the process's priority the hashing threads run, 0 to 19 (Linux, where every
   * thread has a nice value of its own; elsewhere it must be 0, and is by default). Default 10 on
   * Linux: the event loop and the database then get a core the moment they need one, and hashes
   * take the rest, so hashing never delays requests waiting on I/O.
   */
  readonly niceIncrement?: number;
}

/*
 * Hashing threads beyond one per core. With one per core a core idles each time a hash ends until
 * the event loop hands its thread the next one (measured: see docs/architecture/identity.md).
 */
const ARGON2_SPARE_HASHES = 1;

/** Lower than requests, as far as a default should go: nice 10 weighs about a tenth of nice 0. */
const ARGON2_NICE_INCREMENT_LINUX = 10;

/**
 * The {@link PasswordHasher} for Node: argon2id PHC strings through `node:crypto`, computed on
 * worker threads that run below the rest of the process's priority, OWASP's minimum by default
 * (anything weaker is refused unless `allowWeakParameters`).
 * It also verifies legacy bcrypt hashes (`$2a$`, `$2b$`, `$2y$`) and reports them, and every
 * argon2id hash with other parameters, as needing a rehash, so sign-in upgrades them.
 */
export function createArgon2PasswordHasher(
  parameters: Argon2Parameters = ARGON2_OWASP_PARAMETERS,
  options: Argon2PasswordHasherOptions = {},
): PasswordHasher {
  assertHasherParameters(parameters, options.allowWeakParameters === true);
  const configured: Argon2Parameters = Object.freeze({ ...parameters });
  const pool = sharedArgon2ThreadPool(
    options.maxConcurrentHashes ?? availableParallelism() + ARGON2_SPARE_HASHES,
    hashingNiceIncrement(options.niceIncrement),
  );
  const derive = (password: string, salt: Uint8Array, cost: Argon2Parameters, bytes: number) =>
    pool.derive({
      message: password,
      nonce: salt,
      memory: cost.memoryKib,
      passes: cost.passes,
      parallelism: cost.parallelism,
      tagLength: bytes,
    });
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

// Only Linux lowers one thread's priority; elsewhere setpriority would lower the whole process.
function hashingNiceIncrement(requested: number | undefined): number {
  const linux = process.platform === 'linux';
  if (requested === undefined) return linux ? ARGON2_NICE_INCREMENT_LINUX : 0;
  assert(linux || requested === 0, 'only Linux can lower the priority of the hashing threads');
  return requested;
}
