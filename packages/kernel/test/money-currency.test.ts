import { describe, expect, it } from 'vitest';
import {
  type Currency,
  currencyExponent,
  currencyNumericCode,
  ISO_4217_CURRENCIES,
  ISO_4217_EDITION,
  parseCurrency,
  unwrapOrThrow,
} from '../src/index.js';

function currency(code: string): Currency {
  return unwrapOrThrow(parseCurrency(code));
}

describe('ISO 4217 table', () => {
  it.each([
    ['USD', '840', 2],
    ['EUR', '978', 2],
    ['JPY', '392', 0],
    ['ISK', '352', 0],
    ['KRW', '410', 0],
    ['KWD', '414', 3],
    ['BHD', '048', 3],
    ['TND', '788', 3],
    ['CLF', '990', 4],
    ['UYW', '927', 4],
    ['UYI', '940', 0],
    ['ALL', '008', 2],
    ['XCG', '532', 2],
    ['ZWG', '924', 2],
    ['XAD', '396', 2],
    ['SLE', '925', 2],
    ['VED', '926', 2],
  ])('lists %s with numeric code %s and exponent %i', (code, numericCode, exponent) => {
    const entry = ISO_4217_CURRENCIES.find((candidate) => candidate.code === code);
    expect(entry).toMatchObject({ code, numericCode, exponent });
    expect(currencyExponent(currency(code))).toBe(exponent);
    expect(currencyNumericCode(currency(code))).toBe(numericCode);
  });

  it('has no duplicate alphabetic or numeric codes', () => {
    const codes = ISO_4217_CURRENCIES.map((entry) => entry.code);
    const numericCodes = ISO_4217_CURRENCIES.map((entry) => entry.numericCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(numericCodes).size).toBe(numericCodes.length);
  });

  it('is sorted by code and every row is well formed', () => {
    const codes = ISO_4217_CURRENCIES.map((entry) => entry.code);
    expect(codes).toEqual([...codes].sort());
    for (const entry of ISO_4217_CURRENCIES) {
      expect(entry.code).toMatch(/^[A-Z]{3}$/);
      expect(entry.numericCode).toMatch(/^[0-9]{3}$/);
      expect(entry.name.trim()).toBe(entry.name);
      expect(entry.name.length).toBeGreaterThan(0);
      if (entry.exponent !== null) expect([0, 2, 3, 4]).toContain(entry.exponent);
    }
  });

  it('has the 178 entries of list one published 2026-01-01', () => {
    expect(ISO_4217_CURRENCIES).toHaveLength(178);
    expect(ISO_4217_EDITION).toMatchObject({ publishedOn: '2026-01-01', lastAmendment: 180 });
  });

  it('marks exactly the "N.A." codes with a null exponent', () => {
    const withoutMinorUnit = ISO_4217_CURRENCIES.filter((entry) => entry.exponent === null)
      .map((entry) => entry.code)
      .sort();
    expect(withoutMinorUnit).toEqual([
      'XAG',
      'XAU',
      'XBA',
      'XBB',
      'XBC',
      'XBD',
      'XDR',
      'XPD',
      'XPT',
      'XSU',
      'XTS',
      'XUA',
      'XXX',
    ]);
  });

  it.each(['BGN', 'HRK', 'ANG', 'CUC', 'SLL', 'ZWL', 'VEF', 'MRO', 'STD', 'LTL'])(
    'no longer lists the withdrawn %s',
    (code) => {
      expect(ISO_4217_CURRENCIES.some((entry) => entry.code === code)).toBe(false);
    },
  );

  it('is frozen, rows included', () => {
    expect(Object.isFrozen(ISO_4217_CURRENCIES)).toBe(true);
    expect(ISO_4217_CURRENCIES.every((entry) => Object.isFrozen(entry))).toBe(true);
  });
});

describe('parseCurrency', () => {
  it('accepts every listed code that has a minor unit', () => {
    for (const entry of ISO_4217_CURRENCIES) {
      const result = parseCurrency(entry.code);
      if (entry.exponent === null) expect(result.isErr()).toBe(true);
      else expect(result._unsafeUnwrap()).toBe(entry.code);
    }
  });

  it.each([
    [42, { type: 'money.unknown_currency', reason: 'not_a_string' }],
    [null, { type: 'money.unknown_currency', reason: 'not_a_string' }],
    [undefined, { type: 'money.unknown_currency', reason: 'not_a_string' }],
    [['USD'], { type: 'money.unknown_currency', reason: 'not_a_string' }],
    ['', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['usd', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['Usd', { type: 'money.unknown_currency', reason: 'bad_format' }],
    [' USD', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['USD ', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['USD\n', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['US', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['USDT', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['840', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['ＵＳＤ', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['ABC', { type: 'money.unknown_currency', reason: 'not_listed', currency: 'ABC' }],
    ['BGN', { type: 'money.unknown_currency', reason: 'not_listed', currency: 'BGN' }],
    ['HRK', { type: 'money.unknown_currency', reason: 'not_listed', currency: 'HRK' }],
    ['XAU', { type: 'money.unknown_currency', reason: 'no_minor_unit', currency: 'XAU' }],
    ['XDR', { type: 'money.unknown_currency', reason: 'no_minor_unit', currency: 'XDR' }],
    ['XTS', { type: 'money.unknown_currency', reason: 'no_minor_unit', currency: 'XTS' }],
    ['XXX', { type: 'money.unknown_currency', reason: 'no_minor_unit', currency: 'XXX' }],
  ])('refuses %j', (input, expected) => {
    expect(parseCurrency(input)._unsafeUnwrapErr()).toEqual(expected);
  });

  it('never echoes a malformed code', () => {
    const error = parseCurrency('4111111111111111')._unsafeUnwrapErr();
    expect(JSON.stringify(error)).not.toContain('4111');
  });
});
