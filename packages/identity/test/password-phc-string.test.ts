import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  ARGON2_MEMORY_KIB_MAX,
  ARGON2_OWASP_PARAMETERS,
} from '../src/passwords/argon2-parameters.js';
import {
  formatArgon2idPhc,
  PHC_STRING_MAX_LENGTH,
  parseArgon2idPhc,
} from '../src/passwords/phc-string.js';

// Written by the reference argon2 command-line tool (Debian package argon2 0~20171227):
// `echo -n 'correct horse battery staple' | argon2 'strongroom-salt!' -id -t 1 -k 1024 -p 1 -l 32 -e`
const REFERENCE =
  '$argon2id$v=19$m=1024,t=1,p=1$c3Ryb25ncm9vbS1zYWx0IQ$feXnKPZn2N1zzxy/CmMl360zFuHPX7hEqAnQV2GUo7Y';
const REFERENCE_SALT = new TextEncoder().encode('strongroom-salt!');
const REFERENCE_HASH = Buffer.from('feXnKPZn2N1zzxy/CmMl360zFuHPX7hEqAnQV2GUo7Y', 'base64');

describe('parseArgon2idPhc', () => {
  it('reads the reference tool output: parameters, salt and hash', () => {
    const parsed = parseArgon2idPhc(REFERENCE);
    expect(parsed?.parameters).toStrictEqual({ memoryKib: 1024, passes: 1, parallelism: 1 });
    expect(parsed?.salt).toStrictEqual(new Uint8Array(REFERENCE_SALT));
    expect(parsed?.hash).toStrictEqual(new Uint8Array(REFERENCE_HASH));
  });

  it.each([
    ['empty', ''],
    ['plain text', 'correct horse battery staple'],
    ['argon2i', REFERENCE.replace('$argon2id$', '$argon2i$')],
    ['argon2d', REFERENCE.replace('$argon2id$', '$argon2d$')],
    ['version 16', REFERENCE.replace('v=19', 'v=16')],
    ['no version', REFERENCE.replace('$v=19', '')],
    ['parameters out of order', REFERENCE.replace('m=1024,t=1,p=1', 't=1,m=1024,p=1')],
    ['a leading zero', REFERENCE.replace('m=1024', 'm=01024')],
    ['a negative value', REFERENCE.replace('t=1', 't=-1')],
    ['zero passes', REFERENCE.replace('t=1', 't=0')],
    ['too many passes', REFERENCE.replace('t=1', 't=33')],
    ['zero lanes', REFERENCE.replace('p=1', 'p=0')],
    ['too many lanes', REFERENCE.replace('p=1', 'p=17')],
    ['under 8 KiB per lane', REFERENCE.replace('m=1024,t=1,p=1', 'm=15,t=1,p=2')],
    ['too much memory', REFERENCE.replace('m=1024', `m=${ARGON2_MEMORY_KIB_MAX + 1}`)],
    ['an extra key id field', REFERENCE.replace('p=1', 'p=1,keyid=AAAA')],
    ['padding', `${REFERENCE}=`],
    ['a base64url character', REFERENCE.replace('/', '_')],
    ['stray bits in the salt', REFERENCE.replace('YWx0IQ$', 'YWx0IR$')],
    ['stray bits in the hash', REFERENCE.replace('o7Y', 'o7Z')],
    ['a 15-byte salt', REFERENCE.replace('c3Ryb25ncm9vbS1zYWx0IQ', 'c3Ryb25ncm9vbS1zYWx0')],
    ['a 65-byte salt', REFERENCE.replace('c3Ryb25ncm9vbS1zYWx0IQ', 'A'.repeat(87))],
    ['a 15-byte hash', REFERENCE.replace(/\$[^$]+$/, `$${'A'.repeat(20)}`)],
    ['a 65-byte hash', REFERENCE.replace(/\$[^$]+$/, `$${'A'.repeat(87)}`)],
    ['an impossible base64 length', REFERENCE.replace(/\$[^$]+$/, `$${'A'.repeat(41)}`)],
    ['a missing hash', REFERENCE.replace(/\$[^$]+$/, '')],
    ['a trailing dollar', `${REFERENCE}$`],
    ['whitespace', `${REFERENCE}\n`],
    ['over PHC_STRING_MAX_LENGTH', `${REFERENCE}${'A'.repeat(PHC_STRING_MAX_LENGTH)}`],
    ['bcrypt', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ])('answers undefined for %s', (_, text) => {
    expect(parseArgon2idPhc(text)).toBeUndefined();
  });
});

describe('formatArgon2idPhc', () => {
  it('spells the reference hash exactly as the reference tool does', () => {
    const parameters = { memoryKib: 1024, passes: 1, parallelism: 1 };
    expect(formatArgon2idPhc({ parameters, salt: REFERENCE_SALT, hash: REFERENCE_HASH })).toBe(
      REFERENCE,
    );
  });

  it('round-trips through parseArgon2idPhc at the size limits', () => {
    for (const bytes of [16, 17, 18, 32, 64]) {
      const value = {
        parameters: ARGON2_OWASP_PARAMETERS,
        salt: crypto.getRandomValues(new Uint8Array(bytes)),
        hash: crypto.getRandomValues(new Uint8Array(bytes)),
      };
      const text = formatArgon2idPhc(value);
      expect(text.split('$').slice(-2).join('')).toMatch(/^[A-Za-z0-9+/]+$/);
      expect(text.length).toBeLessThanOrEqual(PHC_STRING_MAX_LENGTH);
      expect(parseArgon2idPhc(text)).toStrictEqual(value);
    }
  });

  it('refuses to write what it could not read back', () => {
    const parameters = ARGON2_OWASP_PARAMETERS;
    const bytes = new Uint8Array(32);
    const short = new Uint8Array(8);
    expect(() => formatArgon2idPhc({ parameters, salt: short, hash: bytes })).toThrow(
      AssertionFailure,
    );
    expect(() => formatArgon2idPhc({ parameters, salt: bytes, hash: short })).toThrow(
      AssertionFailure,
    );
    const outOfRange = { ...parameters, passes: 0 };
    expect(() => formatArgon2idPhc({ parameters: outOfRange, salt: bytes, hash: bytes })).toThrow(
      AssertionFailure,
    );
  });
});
