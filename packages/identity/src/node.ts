/**
 * `@strongroom/identity/node`: the parts of identity that need Node — argon2id password hashing
 * through `node:crypto` on worker threads that run below the rest of the process's priority.
 * @module
 */
export {
  type Argon2PasswordHasherOptions,
  createArgon2PasswordHasher,
} from './node/argon2-password-hasher.js';
