/**
 * The password-hashing port. `hash` returns a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
 * which records its own parameters so they can change without a migration. Implementations run
 * the work off the event loop (`@strongroom/identity/node` hashes on worker threads).
 */
export interface PasswordHasher {
  /** Hashes a password with a fresh random salt. */
  hash(password: string): Promise<string>;
  /**
   * Checks a password against a stored hash in constant time. A stored hash this hasher cannot
   * read (unknown algorithm, damaged string) answers `false`, never throws.
   */
  verify(storedHash: string, password: string): Promise<boolean>;
  /** True when the stored hash used other parameters or another algorithm: rehash on login. */
  needsRehash(storedHash: string): boolean;
}
