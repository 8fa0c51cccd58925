import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Currency,
  currencyExponent,
  formatMoney,
  ISO_4217_CURRENCIES,
  MONEY_AMOUNT_MAX_LENGTH,
  MONEY_MAX_MINOR_UNITS,
  type Money,
  moneyFromMinorUnits,
  moneyFromWire,
  moneyToWire,
  parseCurrency,
  parseMoney,
  unwrapOrThrow,
} from '../src/index.js';

const MONEY_CODES = ISO_4217_CURRENCIES.filter((entry) => entry.exponent !== null).map(
  (entry) => entry.code,
);

function currency(code: string): Currency {
  return unwrapOrThrow(parseCurrency(code));
}

function money(amountMinor: bigint, code: string): Money {
  return unwrapOrThrow(moneyFromMinorUnits(amountMinor, code));
}

const currencyArbitrary = fc.constantFrom(...MONEY_CODES).map(currency);
const amountArbitrary = fc.oneof(
  fc.bigInt({ min: -MONEY_MAX_MINOR_UNITS, max: MONEY_MAX_MINOR_UNITS }),
  fc.bigInt({ min: -100_000n, max: 100_000n }),
  fc.constantFrom(0n, 1n, -1n, MONEY_MAX_MINOR_UNITS, -MONEY_MAX_MINOR_UNITS),
);
const moneyArbitrary = fc
  .tuple(amountArbitrary, currencyArbitrary)
  .map(([amountMinor, code]) => money(amountMinor, code));

describe('parseMoney accepts exact decimals', () => {
  it.each([
    ['12.30', 'USD', 1230n],
    ['12.3', 'USD', 1230n],
    ['12', 'USD', 1200n],
    ['0', 'USD', 0n],
    ['0.00', 'USD', 0n],
    ['0.05', 'USD', 5n],
    ['-0.05', 'USD', -5n],
    ['-12.34', 'USD', -1234n],
    ['100', 'JPY', 100n],
    ['-100', 'JPY', -100n],
    ['0', 'ISK', 0n],
    ['1.234', 'KWD', 1234n],
    ['1.2', 'BHD', 1200n],
    ['0.0001', 'CLF', 1n],
    ['12.3456', 'UYW', 123456n],
    ['999999999999999999999999999999999999', 'JPY', MONEY_MAX_MINOR_UNITS],
    ['-9999999999999999999999999999999999.99', 'USD', -MONEY_MAX_MINOR_UNITS],
    ['99999999999999999999999999999999.9999', 'CLF', MONEY_MAX_MINOR_UNITS],
  ])('%s %s is %s minor units', (amount, code, expected) => {
    const parsed = parseMoney(amount, code)._unsafeUnwrap();
    expect(parsed.amountMinor).toBe(expected);
    expect(parsed.currency).toBe(code);
  });

  it('returns a frozen value', () => {
    const parsed = parseMoney('1.00', 'USD')._unsafeUnwrap();
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.keys(parsed).sort()).toEqual(['amountMinor', 'currency']);
  });
});

describe('parseMoney refuses everything else with a typed error', () => {
  const invalid = (reason: string) => ({ type: 'money.invalid_amount', reason });
  const outOfRange = (code: string) => ({ type: 'money.out_of_range', currency: code });

  it.each([
    // Not a string at all.
    [12.5, 'USD', invalid('not_a_string')],
    [1250n, 'USD', invalid('not_a_string')],
    [null, 'USD', invalid('not_a_string')],
    [undefined, 'USD', invalid('not_a_string')],
    [{ amount: '1' }, 'USD', invalid('not_a_string')],
    // Empty and over-long.
    ['', 'USD', invalid('empty')],
    ['1'.repeat(MONEY_AMOUNT_MAX_LENGTH + 1), 'USD', invalid('too_long')],
    ['1'.repeat(1_000_000), 'USD', invalid('too_long')],
    // Excess precision: never rounded, never trimmed, even when the extra digits are zeros.
    ['12.345', 'USD', invalid('excess_precision')],
    ['12.300', 'USD', invalid('excess_precision')],
    ['0.001', 'USD', invalid('excess_precision')],
    ['100.0', 'JPY', invalid('excess_precision')],
    ['1.5', 'JPY', invalid('excess_precision')],
    ['1.5', 'ISK', invalid('excess_precision')],
    ['1.2345', 'KWD', invalid('excess_precision')],
    ['1.00001', 'CLF', invalid('excess_precision')],
    // Exponent notation, NaN, Infinity.
    ['1e3', 'USD', invalid('bad_format')],
    ['1E3', 'USD', invalid('bad_format')],
    ['1.5e2', 'USD', invalid('bad_format')],
    ['1e-2', 'USD', invalid('bad_format')],
    ['NaN', 'USD', invalid('bad_format')],
    ['Infinity', 'USD', invalid('bad_format')],
    ['-Infinity', 'USD', invalid('bad_format')],
    // Whitespace anywhere, including Unicode spaces.
    [' 1', 'USD', invalid('bad_format')],
    ['1 ', 'USD', invalid('bad_format')],
    ['1\n', 'USD', invalid('bad_format')],
    ['\t1', 'USD', invalid('bad_format')],
    ['1 000', 'USD', invalid('bad_format')],
    ['\u00a01', 'USD', invalid('bad_format')],
    ['1\u2009000', 'USD', invalid('bad_format')],
    ['\u30001', 'USD', invalid('bad_format')],
    ['\ufeff1', 'USD', invalid('bad_format')],
    ['1\u200b', 'USD', invalid('bad_format')],
    // Non-ASCII digits.
    ['\u0661\u0662', 'USD', invalid('bad_format')],
    ['\u06f1\u06f2', 'USD', invalid('bad_format')],
    ['\uff11\uff12', 'USD', invalid('bad_format')],
    ['\u0967', 'USD', invalid('bad_format')],
    ['1\uff0e5', 'USD', invalid('bad_format')],
    ['\u22121', 'USD', invalid('bad_format')],
    // Signs.
    ['+1', 'USD', invalid('bad_format')],
    ['--1', 'USD', invalid('bad_format')],
    ['-+1', 'USD', invalid('bad_format')],
    ['+-1', 'USD', invalid('bad_format')],
    ['1-', 'USD', invalid('bad_format')],
    ['-', 'USD', invalid('bad_format')],
    ['- 1', 'USD', invalid('bad_format')],
    // Dots.
    ['1.', 'USD', invalid('bad_format')],
    ['-1.', 'USD', invalid('bad_format')],
    ['.5', 'USD', invalid('bad_format')],
    ['-.5', 'USD', invalid('bad_format')],
    ['.', 'USD', invalid('bad_format')],
    ['1..5', 'USD', invalid('bad_format')],
    ['1.2.3', 'USD', invalid('bad_format')],
    // Leading zeros.
    ['007', 'USD', invalid('bad_format')],
    ['00', 'USD', invalid('bad_format')],
    ['00.5', 'USD', invalid('bad_format')],
    ['-01', 'USD', invalid('bad_format')],
    // Separators and decorations.
    ['1,000', 'USD', invalid('bad_format')],
    ['1,000.00', 'USD', invalid('bad_format')],
    ['1.000,00', 'USD', invalid('bad_format')],
    ['1_000', 'USD', invalid('bad_format')],
    ["1'000", 'USD', invalid('bad_format')],
    ['1,5', 'USD', invalid('bad_format')],
    ['$1', 'USD', invalid('bad_format')],
    ['1 USD', 'USD', invalid('bad_format')],
    ['0x10', 'USD', invalid('bad_format')],
    ['0b1', 'USD', invalid('bad_format')],
    ['10n', 'USD', invalid('bad_format')],
    ['(1)', 'USD', invalid('bad_format')],
    // Negative zero, in every spelling.
    ['-0', 'USD', invalid('negative_zero')],
    ['-0.0', 'USD', invalid('negative_zero')],
    ['-0.00', 'USD', invalid('negative_zero')],
    ['-0', 'JPY', invalid('negative_zero')],
    // Beyond the bound.
    ['1000000000000000000000000000000000000', 'JPY', outOfRange('JPY')],
    ['-1000000000000000000000000000000000000', 'JPY', outOfRange('JPY')],
    ['10000000000000000000000000000000000.00', 'USD', outOfRange('USD')],
    ['100000000000000000000000000000000', 'CLF', outOfRange('CLF')],
    // Currency problems.
    ['1.00', 'usd', { type: 'money.unknown_currency', reason: 'bad_format' }],
    ['1.00', 'XAU', { type: 'money.unknown_currency', reason: 'no_minor_unit', currency: 'XAU' }],
    ['1.00', 'BGN', { type: 'money.unknown_currency', reason: 'not_listed', currency: 'BGN' }],
    ['1.00', 42, { type: 'money.unknown_currency', reason: 'not_a_string' }],
  ])('%s in %s', (amount, code, expected) => {
    expect(parseMoney(amount as string, code as string)._unsafeUnwrapErr()).toEqual(expected);
  });

  it('checks syntax before the currency and the currency before precision', () => {
    expect(parseMoney('1e3', 'nope')._unsafeUnwrapErr()).toEqual(invalid('bad_format'));
    expect(parseMoney('1.999', 'nope')._unsafeUnwrapErr()).toMatchObject({
      type: 'money.unknown_currency',
    });
  });

  it('never echoes the rejected amount', () => {
    const secret = '4111111111111111.123';
    const error = parseMoney(secret, 'USD')._unsafeUnwrapErr();
    expect(JSON.stringify(error)).not.toContain('4111');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (amount, code) => {
        const result = parseMoney(amount as string, code as string);
        expect(result.isOk() || result.isErr()).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 50 }),
        currencyArbitrary,
        (amount, code) => {
          parseMoney(amount, code);
        },
      ),
    );
  });

  it('agrees with a reference reading of generated decimals', () => {
    const decimal = fc.record({
      negative: fc.boolean(),
      integerDigits: fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,40}$/)),
      fractionDigits: fc.stringMatching(/^[0-9]{0,6}$/),
      code: fc.constantFrom(...MONEY_CODES),
    });
    fc.assert(
      fc.property(decimal, ({ negative, integerDigits, fractionDigits, code }) => {
        const text = `${negative ? '-' : ''}${integerDigits}${fractionDigits === '' ? '' : `.${fractionDigits}`}`;
        const exponent = currencyExponent(currency(code));
        const result = parseMoney(text, code);
        const magnitude = BigInt(integerDigits + fractionDigits.padEnd(exponent, '0'));
        if (text.length > MONEY_AMOUNT_MAX_LENGTH) {
          expect(result._unsafeUnwrapErr()).toEqual(invalid('too_long'));
        } else if (negative && /^0*$/.test(integerDigits + fractionDigits)) {
          expect(result._unsafeUnwrapErr()).toEqual(invalid('negative_zero'));
        } else if (fractionDigits.length > exponent) {
          expect(result._unsafeUnwrapErr()).toEqual(invalid('excess_precision'));
        } else if (magnitude > MONEY_MAX_MINOR_UNITS) {
          expect(result._unsafeUnwrapErr()).toEqual(outOfRange(code));
        } else {
          expect(result._unsafeUnwrap().amountMinor).toBe(negative ? -magnitude : magnitude);
        }
      }),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [1230n, 'USD', '12.30'],
    [-5n, 'USD', '-0.05'],
    [0n, 'USD', '0.00'],
    [1n, 'USD', '0.01'],
    [-100n, 'USD', '-1.00'],
    [100n, 'JPY', '100'],
    [-7n, 'JPY', '-7'],
    [0n, 'JPY', '0'],
    [1000n, 'KWD', '1.000'],
    [1n, 'KWD', '0.001'],
    [1n, 'CLF', '0.0001'],
    [-123456n, 'UYW', '-12.3456'],
    [MONEY_MAX_MINOR_UNITS, 'USD', '9999999999999999999999999999999999.99'],
    [-MONEY_MAX_MINOR_UNITS, 'JPY', '-999999999999999999999999999999999999'],
  ])('%s minor units of %s is %s', (amountMinor, code, expected) => {
    expect(formatMoney(money(amountMinor, code))).toBe(expected);
  });

  it('round-trips through parseMoney for every amount and currency', () => {
    fc.assert(
      fc.property(moneyArbitrary, (value) => {
        const text = formatMoney(value);
        expect(text.length).toBeLessThanOrEqual(MONEY_AMOUNT_MAX_LENGTH);
        expect(parseMoney(text, value.currency)._unsafeUnwrap()).toEqual(value);
      }),
    );
  });

  it('writes exactly the exponent in fraction digits', () => {
    fc.assert(
      fc.property(moneyArbitrary, (value) => {
        const exponent = currencyExponent(value.currency);
        const fraction = formatMoney(value).split('.')[1];
        expect(fraction?.length ?? 0).toBe(exponent);
      }),
    );
  });
});

describe('moneyFromMinorUnits', () => {
  it('makes money from a bigint', () => {
    expect(moneyFromMinorUnits(1234n, 'USD')._unsafeUnwrap()).toEqual({
      amountMinor: 1234n,
      currency: 'USD',
    });
  });

  it.each([
    [1.5, 'USD', { type: 'money.invalid_amount', reason: 'not_a_bigint' }],
    [100, 'USD', { type: 'money.invalid_amount', reason: 'not_a_bigint' }],
    [0, 'USD', { type: 'money.invalid_amount', reason: 'not_a_bigint' }],
    [Number.NaN, 'USD', { type: 'money.invalid_amount', reason: 'not_a_bigint' }],
    ['100', 'USD', { type: 'money.invalid_amount', reason: 'not_a_bigint' }],
    [null, 'USD', { type: 'money.invalid_amount', reason: 'not_a_bigint' }],
    [MONEY_MAX_MINOR_UNITS + 1n, 'USD', { type: 'money.out_of_range', currency: 'USD' }],
    [-MONEY_MAX_MINOR_UNITS - 1n, 'JPY', { type: 'money.out_of_range', currency: 'JPY' }],
    [10n ** 100n, 'KWD', { type: 'money.out_of_range', currency: 'KWD' }],
    [1n, 'XAU', { type: 'money.unknown_currency', reason: 'no_minor_unit', currency: 'XAU' }],
    [1n, 'eur', { type: 'money.unknown_currency', reason: 'bad_format' }],
  ])('refuses %s %s', (amountMinor, code, expected) => {
    expect(moneyFromMinorUnits(amountMinor as bigint, code)._unsafeUnwrapErr()).toEqual(expected);
  });

  it('accepts the bound itself on both sides', () => {
    expect(moneyFromMinorUnits(MONEY_MAX_MINOR_UNITS, 'USD').isOk()).toBe(true);
    expect(moneyFromMinorUnits(-MONEY_MAX_MINOR_UNITS, 'USD').isOk()).toBe(true);
    expect(MONEY_MAX_MINOR_UNITS).toBe(10n ** 36n - 1n);
  });
});

describe('wire shape', () => {
  it('writes the amount as a canonical decimal string', () => {
    expect(moneyToWire(money(1230n, 'USD'))).toEqual({ amount: '12.30', currency: 'USD' });
    expect(moneyToWire(money(-100n, 'JPY'))).toEqual({ amount: '-100', currency: 'JPY' });
  });

  it('round-trips through JSON', () => {
    fc.assert(
      fc.property(moneyArbitrary, (value) => {
        const json = JSON.stringify(moneyToWire(value));
        expect(moneyFromWire(JSON.parse(json))._unsafeUnwrap()).toEqual(value);
      }),
    );
  });

  it('makes plain JSON.stringify of Money throw instead of losing precision', () => {
    expect(() => JSON.stringify(money(1n, 'USD'))).toThrow(TypeError);
  });

  it.each([
    [null, { type: 'money.invalid_amount', reason: 'not_an_object' }],
    ['12.30 USD', { type: 'money.invalid_amount', reason: 'not_an_object' }],
    [['12.30', 'USD'], { type: 'money.invalid_amount', reason: 'not_an_object' }],
    [
      { amount: 12.3, currency: 'USD' },
      { type: 'money.invalid_amount', reason: 'not_a_string' },
    ],
    [{ currency: 'USD' }, { type: 'money.invalid_amount', reason: 'not_a_string' }],
    [
      { amount: '12.345', currency: 'USD' },
      { type: 'money.invalid_amount', reason: 'excess_precision' },
    ],
    [{ amount: '12.30' }, { type: 'money.unknown_currency', reason: 'not_a_string' }],
    [
      { amount: '12.30', currency: 'usd' },
      { type: 'money.unknown_currency', reason: 'bad_format' },
    ],
  ])('refuses %j', (input, expected) => {
    expect(moneyFromWire(input)._unsafeUnwrapErr()).toEqual(expected);
  });

  it('reads own properties only', () => {
    const inherited = Object.create({ amount: '1.00', currency: 'USD' }) as object;
    expect(moneyFromWire(inherited)._unsafeUnwrapErr()).toEqual({
      type: 'money.invalid_amount',
      reason: 'not_a_string',
    });
  });
});
