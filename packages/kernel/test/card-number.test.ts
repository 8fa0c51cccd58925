import { describe, expect, it } from 'vitest';
import { containsCardNumber, isLuhnValid, redactCardNumbers } from '../src/index.js';

// Published test card numbers (Visa, Amex): Luhn-valid, never issued.
const VISA = '4111111111111111';
const AMEX = '378282246310005';

describe('containsCardNumber', () => {
  it('finds card numbers plain, grouped as printed, and inside longer digit runs', () => {
    for (const text of [VISA, '4111 1111 1111 1111', '4111-1111-1111-1111', `paid 00${AMEX}9`]) {
      expect(containsCardNumber(text)).toBe(true);
    }
  });

  it('lets through runs too short to be a card number and Luhn-invalid runs', () => {
    const eleven = '41111111111';
    expect(isLuhnValid('123456789012')).toBe(false);
    for (const text of [eleven, '123456789012', '4111  1111 1111 1111', 'usr_01kabc']) {
      expect(containsCardNumber(text)).toBe(false);
    }
  });
});

describe('redactCardNumbers', () => {
  it('replaces each digit run holding a card number, and nothing else', () => {
    const text = `card ${VISA}, order 123456789012, amex ${AMEX.slice(0, 4)} ${AMEX.slice(4)}.`;
    expect(redactCardNumbers(text, '[redacted]')).toBe(
      'card [redacted], order 123456789012, amex [redacted].',
    );
  });

  it('gives the same answer however often it runs, its pattern keeping no state between calls', () => {
    const text = `a ${VISA} b ${VISA}`;
    const first = redactCardNumbers(text, '#');
    expect(first).toBe('a # b #');
    expect(redactCardNumbers(text, '#')).toBe(first);
    expect(containsCardNumber(VISA)).toBe(true);
  });
});
