import { argon2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ARGON2_OWASP_PARAMETERS, ARGON2_SALT_BYTES, ARGON2_TAG_BYTES } from '@strongroom/identity';

const argon2Async = promisify(argon2);

/**
 * One bare `crypto.argon2` call (async, so on the libuv thread pool) with the parameters the
 * service hashes with (OWASP: 19,456 KiB, 2 passes, 1 lane, 32-byte tag, 16-byte nonce): the
 * ceiling of password sign-ins, which cannot verify passwords faster than this.
 */
export async function rawArgon2(password: string): Promise<void> {
  await argon2Async('argon2id', {
    message: password,
    nonce: randomBytes(ARGON2_SALT_BYTES),
    memory: ARGON2_OWASP_PARAMETERS.memoryKib,
    passes: ARGON2_OWASP_PARAMETERS.passes,
    parallelism: ARGON2_OWASP_PARAMETERS.parallelism,
    tagLength: ARGON2_TAG_BYTES,
  });
}
