import { argon2 } from 'node:crypto';
import type { Argon2Parameters } from '../passwords/argon2-parameters.js';

/**
 * Computes an argon2id tag with `node:crypto` (Node >= 24.7). The callback form runs on the libuv
 * thread pool, so the event loop keeps serving requests while the 19 MiB of memory are filled;
 * `argon2Sync` would block it and is never used.
 */
export function deriveArgon2id(
  password: string,
  salt: Uint8Array,
  parameters: Argon2Parameters,
  tagBytes: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      {
        message: password,
        nonce: salt,
        memory: parameters.memoryKib,
        passes: parameters.passes,
        parallelism: parameters.parallelism,
        tagLength: tagBytes,
      },
      (error, tag) => (error === null ? resolve(tag) : reject(error)),
    );
  });
}
