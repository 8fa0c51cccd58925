/**
 * `@strongroom/identity/node`: the parts of identity that need Node — argon2id password hashing on
 * the libuv thread pool through `node:crypto`.
 * @module
 */
export {
  type Argon2PasswordHasherOptions,
  createArgon2PasswordHasher,
} from './node/argon2-password-hasher.js';
