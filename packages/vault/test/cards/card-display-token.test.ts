import { containsCardNumber, isLuhnValid } from '@strongroom/audit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIN_RANGES, cardBrandRules } from '../../src/cards/card-brand.js';
import { maskedPan, truncatePan } from '../../src/cards/card-display.js';
import { mintCardToken, parseCardToken } from '../../src/cards/card-token.js';
import { checkPan } from '../../src/cards/check-pan.js';
import { luhnCheckDigit, TEST_PANS } from './card-fixture.js';

// Random PANs that pass validation: a brand range, an issued length, random digits, Luhn digit.
const validPan = fc
  .tuple(fc.constantFrom(...BIN_RANGES), fc.stringMatching(/^\d{19}$/), fc.nat())
  .map(([range, digits, pick]) => {
    const lengths = cardBrandRules(range.brand).panLengths;
    const length = lengths[pick % lengths.length] as number;
    const payload = `${range.from}${digits}`.slice(0, length - 1);
    return `${payload}${luhnCheckDigit(payload)}`;
  });

describe('masked display', () => {
  it('keeps BIN and last four of the published test cards', () => {
    expect(maskedPan(truncatePan(TEST_PANS.visa))).toBe('42424242****4242');
    expect(maskedPan(truncatePan(TEST_PANS.amex))).toBe('378282*****0005');
    expect(maskedPan(truncatePan(TEST_PANS.diners14))).toBe('362272****1667');
  });

  it('is never a card number: never Luhn-valid, never all digits, no 12–19 digit run', () => {
    fc.assert(
      fc.property(validPan, (pan) => {
        expect(checkPan(pan).isOk()).toBe(true);
        const display = maskedPan(truncatePan(pan));
        expect(isLuhnValid(display)).toBe(false);
        expect(display).not.toMatch(/^\d+$/);
        expect(display).not.toMatch(/\d{12}/);
        expect(containsCardNumber(display)).toBe(false);
        // It keeps exactly the BIN and the last four, and hides at least four digits.
        const { bin, last4 } = truncatePan(pan);
        expect(display.startsWith(bin)).toBe(true);
        expect(display.endsWith(last4)).toBe(true);
        expect(display).toHaveLength(pan.length);
        expect(display.replaceAll('*', '').length).toBeLessThanOrEqual(pan.length - 4);
        expect(pan.startsWith(bin) && pan.endsWith(last4)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('card tokens', () => {
  it('are tok_ and 32 Crockford base32 characters, all different', () => {
    const tokens = new Set<string>();
    for (let draw = 0; draw < 2000; draw += 1) {
      const token = mintCardToken();
      expect(token).toMatch(/^tok_[0-9a-hjkmnp-tv-z]{32}$/);
      expect(containsCardNumber(token)).toBe(false);
      expect(parseCardToken(token)._unsafeUnwrap()).toBe(token);
      tokens.add(token);
    }
    expect(tokens.size).toBe(2000);
  });

  it('carry 160 random bits: every character position takes many values', () => {
    const tokens = Array.from({ length: 500 }, () => mintCardToken().slice(4));
    for (let position = 0; position < 32; position += 1) {
      const seen = new Set(tokens.map((token) => token[position]));
      expect(seen.size).toBeGreaterThan(20);
    }
  });

  it('parses a well-formed token', () => {
    const token = 'tok_0123456789abcdefghjkmnpqrstvwxyz';
    expect(parseCardToken(token)._unsafeUnwrap()).toBe(token);
  });

  it.each([
    [42, 'not_a_string'],
    ['', 'bad_format'],
    ['tok_', 'bad_format'],
    ['acc_0123456789abcdefghjkmnpqrstvwxyz', 'bad_format'],
    ['tok_0123456789abcdefghjkmnpqrstvwxy', 'bad_format'],
    ['tok_0123456789abcdefghjkmnpqrstvwxyz0', 'bad_format'],
    ['tok_0123456789ABCDEFGHJKMNPQRSTVWXYZ', 'bad_format'],
    ['tok_0123456789abcdefghjkmnpqrstvwxyu', 'bad_format'],
    [' tok_0123456789abcdefghjkmnpqrstvwxyz', 'bad_format'],
  ])('refuses %j as %s without echoing it', (input, reason) => {
    expect(parseCardToken(input)._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'token',
      reason,
    });
  });
});
