import { describe, expect, it } from 'vitest';
import { createArgon2PasswordHasher } from '../src/node/argon2-password-hasher.js';
import { createDummyPasswordHash } from '../src/passwords/dummy-password-hash.js';
import { parseArgon2idPhc } from '../src/passwords/phc-string.js';

const hasher = createArgon2PasswordHasher(
  { memoryKib: 1024, passes: 1, parallelism: 1 },
  { allowWeakParameters: true },
);

describe('createDummyPasswordHash', () => {
  it("is a hash with the hasher's own cost, so verifying it costs what a real check costs", async () => {
    const dummy = await createDummyPasswordHash(hasher);
    expect(parseArgon2idPhc(dummy)?.parameters).toStrictEqual({
      memoryKib: 1024,
      passes: 1,
      parallelism: 1,
    });
    expect(hasher.needsRehash(dummy)).toBe(false);
  });

  it('matches no password a caller could guess', async () => {
    const dummy = await createDummyPasswordHash(hasher);
    for (const guess of ['', 'password', 'correct horse battery staple', 'undefined']) {
      expect(await hasher.verify(dummy, guess)).toBe(false);
    }
  });

  it('hashes a fresh random password each time', async () => {
    const [first, second] = await Promise.all([
      createDummyPasswordHash(hasher),
      createDummyPasswordHash(hasher),
    ]);
    expect(first).not.toBe(second);
  });
});
