import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { createArgon2PasswordHasher } from '../src/node/argon2-password-hasher.js';
import {
  isLegacyBcryptHash,
  LEGACY_BCRYPT_COST_MAX,
  verifyLegacyBcrypt,
} from '../src/passwords/legacy-bcrypt.js';

// Openwall crypt_blowfish's own test vectors (wrapper.c), also used by John the Ripper.
const OPENWALL = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'; // "U*U"
// Written by libxcrypt's crypt(3) on Debian 12 (through Python's crypt module) with the fixed
// salt `abcdefghijklmnopqrstuu`, for the passwords named beside them.
const LIBXCRYPT_2B = '$2b$04$abcdefghijklmnopqrstuu7EJV7kdjBBQxyb0HjTh9KS7.Lah/6CG'; // correct horse battery staple
const LIBXCRYPT_2Y = '$2y$04$abcdefghijklmnopqrstuu7EJV7kdjBBQxyb0HjTh9KS7.Lah/6CG'; // the same
const LIBXCRYPT_UTF8 = '$2b$04$abcdefghijklmnopqrstuuHDL9DXmY7cFgUu.7TChVNUbGQZMO1l.'; // pässwörd ☃ long enough

describe('verifyLegacyBcrypt', () => {
  it('verifies the crypt_blowfish test vector and refuses a near miss', async () => {
    expect(await verifyLegacyBcrypt(OPENWALL, 'U*U')).toBe(true);
    expect(await verifyLegacyBcrypt(OPENWALL, 'U*V')).toBe(false);
  });

  it('verifies $2b$ and $2y$ hashes written by libxcrypt, UTF-8 passwords included', async () => {
    expect(await verifyLegacyBcrypt(LIBXCRYPT_2B, 'correct horse battery staple')).toBe(true);
    expect(await verifyLegacyBcrypt(LIBXCRYPT_2Y, 'correct horse battery staple')).toBe(true);
    expect(await verifyLegacyBcrypt(LIBXCRYPT_UTF8, 'pässwörd ☃ long enough')).toBe(true);
    expect(await verifyLegacyBcrypt(LIBXCRYPT_UTF8, 'passwort ☃ long enough')).toBe(false);
  });

  it('verifies a hash bcryptjs writes, and refuses a wrong password', async () => {
    const stored = await bcrypt.hash('imported from the old system', 4);
    expect(await verifyLegacyBcrypt(stored, 'imported from the old system')).toBe(true);
    expect(await verifyLegacyBcrypt(stored, 'imported from the new system')).toBe(false);
  });

  it('shows why legacy hashes are replaced: bcrypt reads only the first 72 bytes', async () => {
    const stored = await bcrypt.hash(`${'a'.repeat(72)}first`, 4);
    expect(await verifyLegacyBcrypt(stored, `${'a'.repeat(72)}second`)).toBe(true);
  });

  it('answers false for a cost outside 4 to LEGACY_BCRYPT_COST_MAX, without computing it', async () => {
    expect(LEGACY_BCRYPT_COST_MAX).toBe(14);
    for (const cost of ['03', '15', '31', '99']) {
      expect(await verifyLegacyBcrypt(OPENWALL.replace('$05$', `$${cost}$`), 'U*U')).toBe(false);
    }
  });

  it('answers false for damaged hashes', async () => {
    for (const stored of [
      OPENWALL.slice(0, -1),
      `${OPENWALL}x`,
      OPENWALL.replace('$2a$', '$2x$'),
      OPENWALL.replace('$05$', '$5$'),
      OPENWALL.replace('E5YP', 'E5Y!'),
      '',
    ]) {
      expect(await verifyLegacyBcrypt(stored, 'U*U')).toBe(false);
    }
  });
});

describe('isLegacyBcryptHash', () => {
  it('recognizes the $2a$, $2b$ and $2y$ prefixes only', () => {
    expect([OPENWALL, LIBXCRYPT_2B, LIBXCRYPT_2Y].every(isLegacyBcryptHash)).toBe(true);
    expect(isLegacyBcryptHash(OPENWALL.replace('$2a$', '$2x$'))).toBe(false);
    expect(isLegacyBcryptHash('$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA')).toBe(false);
  });
});

describe('the argon2id hasher with legacy bcrypt hashes', () => {
  const hasher = createArgon2PasswordHasher(
    { memoryKib: 1024, passes: 1, parallelism: 1 },
    { allowWeakParameters: true },
  );

  it('verifies them and asks for a rehash, so the next sign-in upgrades them', async () => {
    expect(await hasher.verify(OPENWALL, 'U*U')).toBe(true);
    expect(await hasher.verify(LIBXCRYPT_2Y, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(OPENWALL, 'wrong')).toBe(false);
    expect(hasher.needsRehash(OPENWALL)).toBe(true);
    const upgraded = await hasher.hash('U*U');
    expect(upgraded.startsWith('$argon2id$')).toBe(true);
    expect(hasher.needsRehash(upgraded)).toBe(false);
  });
});
