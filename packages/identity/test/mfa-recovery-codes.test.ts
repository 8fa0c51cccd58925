import { createHash } from 'node:crypto';
import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  findRecoveryCode,
  generateRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_COUNT_MAX,
  RECOVERY_CODE_INPUT_MAX_LENGTH,
  RECOVERY_CODE_SYMBOLS,
} from '../src/mfa/recovery-codes.js';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const DISPLAYED = /^[0-9a-hjkmnp-tv-z]{6}(-[0-9a-hjkmnp-tv-z]{6}){3}$/;

describe('generateRecoveryCodes', () => {
  it('makes ten distinct grouped codes and their SHA-256 hashes', () => {
    const { codes, hashes } = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const [index, code] of codes.entries()) {
      expect(code).toMatch(DISPLAYED);
      // Checked with node:crypto, independently of the code under test.
      const expected = createHash('sha256').update(code.replaceAll('-', '')).digest('hex');
      expect(hashes[index]).toBe(expected);
    }
  });

  it('draws every one of the 32 symbols, so each carries 5 bits (120 per code, over NIST’s 112)', () => {
    const symbols = new Set<string>();
    // 9,600 symbols: a fair source misses one of 32 with probability below 1e-50.
    for (let round = 0; round < 20; round++) {
      for (const code of generateRecoveryCodes(RECOVERY_CODE_COUNT_MAX).codes) {
        for (const symbol of code.replaceAll('-', '')) symbols.add(symbol);
      }
    }
    expect([...symbols].sort().join('')).toBe(CROCKFORD);
    // NIST SP 800-63B §5.1.2.2: a look-up secret under 112 bits may not be stored as plain SHA-256.
    expect(RECOVERY_CODE_SYMBOLS * Math.log2(CROCKFORD.length)).toBeGreaterThanOrEqual(112);
  });

  it('takes a count between 1 and the maximum', () => {
    expect(generateRecoveryCodes(3).codes).toHaveLength(3);
    expect(() => generateRecoveryCodes(0)).toThrow(AssertionFailure);
    expect(() => generateRecoveryCodes(RECOVERY_CODE_COUNT_MAX + 1)).toThrow(AssertionFailure);
    expect(() => generateRecoveryCodes(2.5)).toThrow(AssertionFailure);
  });
});

describe('normalizeRecoveryCode', () => {
  it('folds case, dashes, spaces and look-alike letters', () => {
    expect(normalizeRecoveryCode('ABCDEF-GHJKMN-PQRSTV-WXYZ01')).toBe('abcdefghjkmnpqrstvwxyz01');
    expect(normalizeRecoveryCode(' abcdef ghjkmn\tpqrstv-wxyz01 ')).toBe(
      'abcdefghjkmnpqrstvwxyz01',
    );
    expect(normalizeRecoveryCode('OoIiLl-000000-222222-333333')).toBe('001111000000222222333333');
  });

  it.each([
    '',
    'abcdef-ghjkmn-pqrstv',
    'abcdef-ghjkmn-pqrstv-wxyz01-2',
    'abcdef-ghjkmn-pqrstv-wxyz0u',
    'abcdef_ghjkmn_pqrstv_wxyz01',
    // The 20-symbol codes of earlier versions (100 bits) are no longer accepted.
    'abcde-fghjk-mnpqr-stvwx',
    `${'-'.repeat(RECOVERY_CODE_INPUT_MAX_LENGTH)}abcdefghjkmnpqrstvwxyz01`,
  ])('refuses %j', (input) => {
    expect(normalizeRecoveryCode(input)).toBeUndefined();
  });
});

describe('findRecoveryCode', () => {
  const { codes, hashes } = generateRecoveryCodes();
  const code = codes[4] ?? '';

  it('finds each code at its own index', () => {
    codes.forEach((each, index) => {
      expect(findRecoveryCode(hashes, each)).toBe(index);
    });
  });

  it('finds a code typed in upper case, without dashes, with spaces or look-alikes', () => {
    const variants = [
      code.toUpperCase(),
      code.replaceAll('-', ''),
      code.replaceAll('-', ' '),
      ` ${code.toUpperCase().replaceAll('-', ' - ')} `,
      code.replaceAll('0', 'O').replaceAll('1', 'l'),
      code.replaceAll('1', 'I').toUpperCase(),
    ];
    for (const variant of variants) expect(findRecoveryCode(hashes, variant)).toBe(4);
  });

  it('no longer finds a code whose hash the caller removed after use', () => {
    const remaining = hashes.filter((_, index) => index !== 4);
    expect(findRecoveryCode(remaining, code)).toBe(-1);
    expect(findRecoveryCode(remaining, codes[5] ?? '')).toBe(4);
  });

  it('finds nothing for another user’s code, malformed input or no codes', () => {
    const other = generateRecoveryCodes(1).codes[0] ?? '';
    expect(findRecoveryCode(hashes, other)).toBe(-1);
    expect(findRecoveryCode(hashes, 'not a code')).toBe(-1);
    expect(findRecoveryCode(hashes, '')).toBe(-1);
    expect(findRecoveryCode([], code)).toBe(-1);
  });

  it('asserts on more hashes than a user can hold', () => {
    const tooMany = Array.from({ length: RECOVERY_CODE_COUNT_MAX + 1 }, () => hashes[0] ?? '');
    expect(() => findRecoveryCode(tooMany, code)).toThrow(AssertionFailure);
  });
});
