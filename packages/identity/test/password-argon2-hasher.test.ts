import { argon2 } from 'node:crypto';
import { promisify } from 'node:util';
import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createArgon2PasswordHasher } from '../src/node/argon2-password-hasher.js';
import { Argon2ThreadPool } from '../src/node/argon2-thread-pool.js';
import {
  ARGON2_OWASP_CONFIGURATIONS,
  ARGON2_OWASP_PARAMETERS,
  ARGON2_WEAK_MEMORY_KIB_MIN,
  meetsOwaspMinimum,
} from '../src/passwords/argon2-parameters.js';
import { PASSWORD_INPUT_MAX_LENGTH } from '../src/passwords/password-policy.js';
import { formatArgon2idPhc, parseArgon2idPhc } from '../src/passwords/phc-string.js';

const FAST = { memoryKib: 1024, passes: 1, parallelism: 1 };
const fastHasher = createArgon2PasswordHasher(FAST, { allowWeakParameters: true });
const PASSWORD = 'correct horse battery staple';

// Written by the reference argon2 command-line tool (Debian package argon2 0~20171227) from the
// password above: `echo -n "$PASSWORD" | argon2 'strongroom-salt!' -id -t 1 -k 1024 -p 1 -l 32 -e`,
// then with `-t 2 -k 19456` (OWASP's parameters) and with `-p 2 -l 24`.
const REFERENCE_FAST =
  '$argon2id$v=19$m=1024,t=1,p=1$c3Ryb25ncm9vbS1zYWx0IQ$feXnKPZn2N1zzxy/CmMl360zFuHPX7hEqAnQV2GUo7Y';
const REFERENCE_OWASP =
  '$argon2id$v=19$m=19456,t=2,p=1$c3Ryb25ncm9vbS1zYWx0IQ$cJQ6IJDEL2Uv1FlhD2FyzrIM6Fjg0eiezJYeF4xcXMw';
const REFERENCE_TWO_LANES =
  '$argon2id$v=19$m=1024,t=1,p=2$c3Ryb25ncm9vbS1zYWx0IQ$yTmMDyoJRnoE+Sr/mNjs/tgPvOz1F23b';

/** Changes the first character of the `$`-separated part `fromEnd` places from the end. */
function tamper(phc: string, fromEnd: number): string {
  const parts = phc.split('$');
  const position = parts.length - fromEnd;
  const part = parts[position] ?? '';
  parts[position] = `${part[0] === 'A' ? 'B' : 'A'}${part.slice(1)}`;
  return parts.join('$');
}

describe("node:crypto's argon2id", () => {
  it('reproduces the RFC 9106 §5.3 Argon2id test vector (with secret and associated data)', async () => {
    const tag = await promisify(argon2)('argon2id', {
      message: new Uint8Array(32).fill(0x01),
      nonce: new Uint8Array(16).fill(0x02),
      secret: new Uint8Array(8).fill(0x03),
      associatedData: new Uint8Array(12).fill(0x04),
      memory: 32,
      passes: 3,
      parallelism: 4,
      tagLength: 32,
    });
    expect(tag.toString('hex')).toBe(
      '0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659',
    );
  });

  it('gives on the hashing threads the tags the reference tool wrote', async () => {
    const pool = new Argon2ThreadPool(1, 0);
    for (const reference of [REFERENCE_FAST, REFERENCE_TWO_LANES]) {
      const parsed = parseArgon2idPhc(reference);
      if (parsed === undefined) throw new Error('reference fixture unreadable');
      const { parameters, salt, hash } = parsed;
      const tag = await pool.derive({
        message: PASSWORD,
        nonce: salt,
        memory: parameters.memoryKib,
        passes: parameters.passes,
        parallelism: parameters.parallelism,
        tagLength: hash.length,
      });
      expect(Buffer.from(tag).toString('hex')).toBe(Buffer.from(parsed.hash).toString('hex'));
    }
  });
});

describe('createArgon2PasswordHasher', () => {
  it('hashes to an argon2id PHC string with its parameters, a 16-byte salt and a 32-byte tag', async () => {
    const phc = await fastHasher.hash(PASSWORD);
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(phc).not.toContain(PASSWORD);
  });

  it('salts every hash afresh', async () => {
    const [first, second] = await Promise.all([
      fastHasher.hash(PASSWORD),
      fastHasher.hash(PASSWORD),
    ]);
    expect(first).not.toBe(second);
  });

  it('verifies its own hash and refuses a wrong password', async () => {
    const phc = await fastHasher.hash(PASSWORD);
    expect(await fastHasher.verify(phc, PASSWORD)).toBe(true);
    expect(await fastHasher.verify(phc, 'correct horse battery stapler')).toBe(false);
    expect(await fastHasher.verify(phc, 'Correct horse battery staple')).toBe(false);
    expect(await fastHasher.verify(phc, '')).toBe(false);
  });

  it('verifies hashes the reference tool wrote, with their own parameters and tag length', async () => {
    for (const reference of [REFERENCE_FAST, REFERENCE_TWO_LANES, REFERENCE_OWASP]) {
      expect(await fastHasher.verify(reference, PASSWORD)).toBe(true);
      expect(await fastHasher.verify(reference, `${PASSWORD}!`)).toBe(false);
    }
  });

  it('refuses a tampered hash, salt or cost', async () => {
    const phc = await fastHasher.hash(PASSWORD);
    expect(await fastHasher.verify(tamper(phc, 1), PASSWORD)).toBe(false);
    expect(await fastHasher.verify(tamper(phc, 2), PASSWORD)).toBe(false);
    expect(await fastHasher.verify(phc.replace('m=1024', 'm=1025'), PASSWORD)).toBe(false);
    expect(await fastHasher.verify(phc.replace('t=1', 't=2'), PASSWORD)).toBe(false);
  });

  it('answers false, never throws, for a hash it cannot read', async () => {
    for (const stored of ['', PASSWORD, REFERENCE_FAST.replace('argon2id', 'argon2i'), '$2a$']) {
      expect(await fastHasher.verify(stored, PASSWORD)).toBe(false);
    }
  });

  it('answers false for a password longer than any policy allows, and will not hash one', async () => {
    const long = 'x'.repeat(PASSWORD_INPUT_MAX_LENGTH + 1);
    expect(await fastHasher.verify(REFERENCE_FAST, long)).toBe(false);
    await expect(fastHasher.hash(long)).rejects.toThrow(AssertionFailure);
  });

  it('asks for a rehash when the cost, the tag length or the algorithm differ', async () => {
    const phc = await fastHasher.hash(PASSWORD);
    expect(fastHasher.needsRehash(phc)).toBe(false);
    expect(fastHasher.needsRehash(REFERENCE_FAST)).toBe(false);
    expect(fastHasher.needsRehash(REFERENCE_OWASP)).toBe(true);
    expect(fastHasher.needsRehash(REFERENCE_TWO_LANES)).toBe(true);
    const stronger = createArgon2PasswordHasher(
      { ...FAST, memoryKib: 2048 },
      { allowWeakParameters: true },
    );
    expect(stronger.needsRehash(phc)).toBe(true);
    const parsed = parseArgon2idPhc(phc);
    if (parsed === undefined) throw new Error('own hash unreadable');
    const shortTag = formatArgon2idPhc({ ...parsed, hash: parsed.hash.subarray(0, 24) });
    expect(fastHasher.needsRehash(shortTag)).toBe(true);
    expect(
      fastHasher.needsRehash('$2b$04$abcdefghijklmnopqrstuu7EJV7kdjBBQxyb0HjTh9KS7.Lah/6CG'),
    ).toBe(true);
    expect(fastHasher.needsRehash('not a hash')).toBe(true);
  });

  it('upgrades a rehashed password to the new cost, which then verifies', async () => {
    const stronger = createArgon2PasswordHasher(
      { ...FAST, passes: 2 },
      { allowWeakParameters: true },
    );
    const old = await fastHasher.hash(PASSWORD);
    expect(stronger.needsRehash(old)).toBe(true);
    expect(await stronger.verify(old, PASSWORD)).toBe(true);
    const upgraded = await stronger.hash(PASSWORD);
    expect(stronger.needsRehash(upgraded)).toBe(false);
    expect(await stronger.verify(upgraded, PASSWORD)).toBe(true);
  });
});

describe('createArgon2PasswordHasher at the OWASP defaults', () => {
  it('hashes with m=19456, t=2, p=1 by default and verifies the result', async () => {
    const hasher = createArgon2PasswordHasher();
    const phc = await hasher.hash(PASSWORD);
    expect(phc.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await hasher.verify(phc, PASSWORD)).toBe(true);
    expect(await hasher.verify(phc, 'wrong password')).toBe(false);
    expect(hasher.needsRehash(phc)).toBe(false);
    expect(hasher.needsRehash(REFERENCE_OWASP)).toBe(false);
  });
});

describe('argon2 parameter floor', () => {
  it('accepts each of OWASP’s five configurations and anything stronger', () => {
    expect(ARGON2_OWASP_PARAMETERS).toStrictEqual({ memoryKib: 19_456, passes: 2, parallelism: 1 });
    for (const configuration of ARGON2_OWASP_CONFIGURATIONS) {
      expect(meetsOwaspMinimum(configuration)).toBe(true);
      expect(() => createArgon2PasswordHasher(configuration)).not.toThrow();
    }
    expect(meetsOwaspMinimum({ memoryKib: 65_536, passes: 3, parallelism: 4 })).toBe(true);
  });

  it('refuses anything weaker than OWASP without allowWeakParameters', () => {
    for (const weak of [
      FAST,
      { memoryKib: 19_455, passes: 2, parallelism: 1 },
      { memoryKib: 47_103, passes: 1, parallelism: 1 },
      { memoryKib: 7_168, passes: 4, parallelism: 1 },
    ]) {
      expect(meetsOwaspMinimum(weak)).toBe(false);
      expect(() => createArgon2PasswordHasher(weak)).toThrow(AssertionFailure);
    }
  });

  it('takes weak parameters down to 1024 KiB only with allowWeakParameters', () => {
    expect(ARGON2_WEAK_MEMORY_KIB_MIN).toBe(1024);
    const allow = { allowWeakParameters: true };
    expect(() => createArgon2PasswordHasher({ ...FAST, memoryKib: 1023 }, allow)).toThrow(
      AssertionFailure,
    );
  });

  it('refuses parameters out of range even when weak ones are allowed', () => {
    const allow = { allowWeakParameters: true };
    for (const broken of [
      { ...FAST, passes: 0 },
      { ...FAST, parallelism: 0 },
      { ...FAST, parallelism: 17 },
      { ...FAST, passes: 1.5 },
      { ...ARGON2_OWASP_PARAMETERS, memoryKib: 2 ** 20 + 1 },
    ]) {
      expect(() => createArgon2PasswordHasher(broken, allow)).toThrow(AssertionFailure);
    }
  });
});
