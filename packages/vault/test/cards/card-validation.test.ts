import { isLuhnValid } from '@strongroom/audit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BIN_RANGES,
  binLength,
  type CardBrand,
  cardBrandRules,
  detectCardBrand,
} from '../../src/cards/card-brand.js';
import { validateCardInput } from '../../src/cards/card-input.js';
import { checkCardholderName } from '../../src/cards/check-cardholder-name.js';
import { checkCvv } from '../../src/cards/check-cvv.js';
import { checkCardExpiry, isCardExpired } from '../../src/cards/check-expiry.js';
import { checkPan } from '../../src/cards/check-pan.js';
import { checkPurpose } from '../../src/cards/check-purpose.js';
import { checkTokenExpiry } from '../../src/cards/check-token-expiry.js';
import { cardInput, luhnCheckDigit, TEST_PANS } from './card-fixture.js';

const NOW = new Date('2026-01-15T12:00:00.000Z');

const EXPECTED_BRANDS: Record<keyof typeof TEST_PANS, CardBrand> = {
  visa: 'visa',
  visaClassic: 'visa',
  visaDebit: 'visa',
  mastercard: 'mastercard',
  mastercardSeries2: 'mastercard',
  mastercardDebit: 'mastercard',
  amex: 'amex',
  amexAlt: 'amex',
  discover: 'discover',
  discoverAlt: 'discover',
  diners: 'diners',
  diners14: 'diners',
  jcb: 'jcb',
  unionpay: 'unionpay',
};

// A Luhn-valid PAN of the given length starting with `prefix`, from random middle digits.
function panWith(prefix: string, length: number, middle: string): string {
  const payload = `${prefix}${middle}`.padEnd(length - 1, '0').slice(0, length - 1);
  return `${payload}${luhnCheckDigit(payload)}`;
}

function reasonOf(result: { isErr(): boolean; _unsafeUnwrapErr(): unknown }) {
  return result._unsafeUnwrapErr();
}

describe('checkPan', () => {
  it('accepts every published test card number with its brand', () => {
    for (const [name, pan] of Object.entries(TEST_PANS)) {
      const checked = checkPan(pan)._unsafeUnwrap();
      expect(checked).toEqual({
        digits: pan,
        brand: EXPECTED_BRANDS[name as keyof typeof TEST_PANS],
      });
    }
  });

  it('accepts digits grouped by single spaces or dashes, as printed', () => {
    expect(checkPan('4242 4242 4242 4242')._unsafeUnwrap().digits).toBe(TEST_PANS.visa);
    expect(checkPan('3782-822463-10005')._unsafeUnwrap().digits).toBe(TEST_PANS.amex);
    expect(checkPan('  4242424242424242 ')._unsafeUnwrap().digits).toBe(TEST_PANS.visa);
  });

  it.each([
    [42, 'not_a_string'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['4242 4242  4242 4242', 'not_digits'],
    ['4242-4242-4242-424x', 'not_digits'],
    ['４２４２４２４２４２４２４２４２', 'not_digits'],
    ['42424242424', 'too_short'],
    ['42424242424242424242', 'too_long'],
    [`${'4'.repeat(33)}`, 'too_long'],
    ['9242424242424242', 'unsupported_brand'],
    ['4242424242424', 'bad_length'],
    ['37828224631000', 'bad_length'],
    ['4242424242424241', 'luhn_failed'],
  ])('refuses %j as %s without echoing it', (input, reason) => {
    const error = reasonOf(checkPan(input));
    expect(error).toEqual({ type: 'vault.invalid_card', field: 'pan', reason });
    expect(JSON.stringify(error)).not.toMatch(/\d{4}/);
  });

  it('refuses every single-digit change of a valid PAN (Luhn), whatever the brand', () => {
    for (const pan of Object.values(TEST_PANS)) {
      for (let position = 0; position < pan.length; position += 1) {
        const digit = Number(pan[position]);
        const changed = `${pan.slice(0, position)}${(digit + 1) % 10}${pan.slice(position + 1)}`;
        const checked = checkPan(changed);
        // A changed BIN digit may make the PAN another brand's or no brand's; it still fails.
        expect(checked.isErr()).toBe(true);
      }
    }
  });

  it('accepts random Luhn-valid PANs of every brand range and issued length, 8-digit BINs included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BIN_RANGES),
        fc.stringMatching(/^\d{18}$/),
        fc.nat(),
        (range, middle, pick) => {
          const lengths = cardBrandRules(range.brand).panLengths;
          const length = lengths[pick % lengths.length] as number;
          const pan = panWith(range.to, length, middle);
          expect(checkPan(pan)._unsafeUnwrap()).toEqual({ digits: pan, brand: range.brand });
          // The same PAN with a wrong check digit is refused.
          const wrong = `${pan.slice(0, -1)}${(Number(pan.at(-1)) + 3) % 10}`;
          expect(checkPan(wrong)._unsafeUnwrapErr().reason).toBe('luhn_failed');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('detectCardBrand', () => {
  it.each([
    ['4', 'visa'],
    ['51', 'mastercard'],
    ['55', 'mastercard'],
    ['2221', 'mastercard'],
    ['2720', 'mastercard'],
    ['34', 'amex'],
    ['37', 'amex'],
    ['6011', 'discover'],
    ['644', 'discover'],
    ['649', 'discover'],
    ['65', 'discover'],
    ['3528', 'jcb'],
    ['3589', 'jcb'],
    ['62', 'unionpay'],
    ['300', 'diners'],
    ['305', 'diners'],
    ['36', 'diners'],
    ['38', 'diners'],
    ['500000', 'maestro'],
    ['504174', 'maestro'],
    ['56', 'maestro'],
    ['67', 'maestro'],
  ])('reads %s… as %s', (prefix, brand) => {
    expect(detectCardBrand(prefix.padEnd(16, '0'))).toBe(brand);
  });

  it.each([
    '2220',
    '2721',
    '509000',
    '504175',
    '506699',
    '3527',
    '3590',
    '306',
    '6010',
    '643',
    '1',
    '7',
    '8',
    '9',
    '0',
  ])('knows no brand for %s…', (prefix) => {
    expect(detectCardBrand(prefix.padEnd(16, '0'))).toBeUndefined();
  });

  it('reads 8-digit BINs by their leading digits (Mastercard 2-series, Visa 19-digit)', () => {
    expect(detectCardBrand('22230031')).toBe('mastercard');
    expect(checkPan(panWith('41234567', 19, '1234567890'))._unsafeUnwrap().brand).toBe('visa');
  });

  it('matches every PAN to at most one range, so the table order never decides', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (prefix) => {
        const matches = BIN_RANGES.filter((range) => {
          const head = prefix.slice(0, range.from.length);
          return head >= range.from && head <= range.to;
        });
        expect(matches.length).toBeLessThanOrEqual(1);
        expect(detectCardBrand(prefix)).toBe(matches[0]?.brand);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('binLength', () => {
  it('keeps an 8-digit BIN from 16 digits on, 6 for 14–15, and always hides four digits', () => {
    expect([12, 13, 14, 15, 16, 17, 18, 19].map(binLength)).toEqual([4, 5, 6, 6, 8, 8, 8, 8]);
    for (let length = 12; length <= 19; length += 1) {
      expect(length - binLength(length) - 4).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('checkCardExpiry', () => {
  it('accepts the current month through its last instant (UTC) and refuses it after', () => {
    const endOfMonth = new Date('2026-01-31T23:59:59.999Z');
    expect(checkCardExpiry(1, 2026, endOfMonth)._unsafeUnwrap()).toEqual({ month: 1, year: 2026 });
    expect(isCardExpired({ month: 1, year: 2026 }, endOfMonth)).toBe(false);
    const nextMonth = new Date('2026-02-01T00:00:00.000Z');
    expect(checkCardExpiry(1, 2026, nextMonth)._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'expiryMonth',
      reason: 'expired',
    });
    expect(isCardExpired({ month: 1, year: 2026 }, nextMonth)).toBe(true);
    expect(isCardExpired({ month: 12, year: 2026 }, new Date('2027-01-01T00:00:00.000Z'))).toBe(
      true,
    );
  });

  it.each([
    [0, 2030, 'expiryMonth', 'out_of_range'],
    [13, 2030, 'expiryMonth', 'out_of_range'],
    [1.5, 2030, 'expiryMonth', 'out_of_range'],
    ['12', 2030, 'expiryMonth', 'out_of_range'],
    [12, 30, 'expiryYear', 'not_four_digits'],
    [12, '2030', 'expiryYear', 'not_four_digits'],
    [12, 2025, 'expiryYear', 'expired'],
    [12, 2047, 'expiryYear', 'too_far_ahead'],
  ])('refuses month %j year %j: %s %s', (month, year, field, reason) => {
    expect(checkCardExpiry(month, year, NOW)._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field,
      reason,
    });
  });

  it('accepts 20 years ahead', () => {
    expect(checkCardExpiry(12, 2046, NOW).isOk()).toBe(true);
  });
});

describe('checkCardholderName', () => {
  it('trims and accepts printable names up to 26 characters, accents included', () => {
    expect(checkCardholderName('  Ada Lovelace ')._unsafeUnwrap()).toBe('Ada Lovelace');
    expect(checkCardholderName('José Müller-Øster')._unsafeUnwrap()).toBe('José Müller-Øster');
    expect(checkCardholderName('A'.repeat(26))._unsafeUnwrap()).toBe('A'.repeat(26));
    expect(checkCardholderName('李小龍')._unsafeUnwrap()).toBe('李小龍');
  });

  it.each([
    [undefined, 'not_a_string'],
    ['', 'empty'],
    ['    ', 'empty'],
    ['A'.repeat(27), 'too_long'],
    ['A'.repeat(1000), 'too_long'],
    ['Ada\nLovelace', 'not_printable'],
    ['Ada\u0000', 'not_printable'],
    ['Ada\u200bLovelace', 'not_printable'],
    ['Ada \ud800', 'not_printable'],
    [`x ${TEST_PANS.visa}`, 'contains_card_number'],
  ])('refuses %j as %s', (input, reason) => {
    const error = checkCardholderName(input)._unsafeUnwrapErr();
    expect(error).toEqual({ type: 'vault.invalid_card', field: 'cardholderName', reason });
  });
});

describe('checkCvv', () => {
  it('takes three digits for most brands and four for American Express', () => {
    expect(checkCvv('123', 'visa')._unsafeUnwrap()).toBe('123');
    expect(checkCvv('1234', 'amex')._unsafeUnwrap()).toBe('1234');
  });

  it.each([
    [123, 'visa', 'not_a_string'],
    ['12a', 'visa', 'not_digits'],
    ['', 'visa', 'not_digits'],
    ['1234', 'visa', 'bad_length'],
    ['123', 'amex', 'bad_length'],
    ['12', 'mastercard', 'bad_length'],
  ])('refuses %j for %s as %s', (input, brand, reason) => {
    expect(checkCvv(input, brand as CardBrand)._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'cvv',
      reason,
    });
  });
});

describe('checkTokenExpiry', () => {
  it('accepts none or a future instant within ten years', () => {
    expect(checkTokenExpiry(undefined, NOW)._unsafeUnwrap()).toBeNull();
    const later = new Date(NOW.getTime() + 1000);
    expect(checkTokenExpiry(later, NOW)._unsafeUnwrap()).toEqual(later);
  });

  it.each([
    ['2030-01-01', 'not_a_date'],
    [new Date(Number.NaN), 'not_a_date'],
    [NOW, 'not_in_future'],
    [new Date('2025-01-01T00:00:00Z'), 'not_in_future'],
    [new Date('2040-01-01T00:00:00Z'), 'too_far_ahead'],
  ])('refuses %j as %s', (input, reason) => {
    expect(checkTokenExpiry(input, NOW)._unsafeUnwrapErr()).toEqual({
      type: 'vault.invalid_card',
      field: 'expiresAt',
      reason,
    });
  });
});

describe('checkPurpose', () => {
  it('trims and accepts a short printable reason', () => {
    expect(checkPurpose('  refund 8812 ')._unsafeUnwrap()).toBe('refund 8812');
  });

  it.each([
    [undefined, 'not_a_string'],
    ['', 'empty'],
    ['  ', 'empty'],
    ['x'.repeat(129), 'too_long'],
    ['refund\nnow', 'not_printable'],
    ['rückerstattung', 'not_printable'],
    [`refund ${TEST_PANS.visa}`, 'contains_card_number'],
  ])('refuses %j as %s', (input, reason) => {
    expect(checkPurpose(input)._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'purpose',
      reason,
    });
  });
});

describe('validateCardInput', () => {
  it('returns the normalized card', () => {
    const card = validateCardInput(
      cardInput('4242 4242 4242 4242', { cvv: '123', cardholderName: ' Ada ' }),
      NOW,
    )._unsafeUnwrap();
    expect(card).toEqual({
      pan: TEST_PANS.visa,
      brand: 'visa',
      expiry: { month: 12, year: 2030 },
      cardholderName: 'Ada',
      cvv: '123',
      tokenExpiresAt: null,
    });
    expect(isLuhnValid(card.pan)).toBe(true);
  });

  it('reports the first problem in field order and refuses a non-object', () => {
    const error = validateCardInput(
      cardInput('4242424242424241', { expiryYear: 1999, cardholderName: '' }),
      NOW,
    )._unsafeUnwrapErr();
    expect(error).toEqual({ type: 'vault.invalid_card', field: 'pan', reason: 'luhn_failed' });
    expect(validateCardInput(null as never, NOW)._unsafeUnwrapErr().reason).toBe('missing');
    expect(
      validateCardInput(cardInput(TEST_PANS.amex, { cvv: '123' }), NOW)._unsafeUnwrapErr(),
    ).toEqual({ type: 'vault.invalid_card', field: 'cvv', reason: 'bad_length' });
  });
});
