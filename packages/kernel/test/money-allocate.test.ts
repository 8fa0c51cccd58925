import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOCATION_RATIOS_MAX,
  allocateMoney,
  ISO_4217_CURRENCIES,
  MONEY_MAX_MINOR_UNITS,
  type Money,
  moneyFromMinorUnits,
  unwrapOrThrow,
} from '../src/index.js';

const MONEY_CODES = ISO_4217_CURRENCIES.filter((entry) => entry.exponent !== null).map(
  (entry) => entry.code,
);

function money(amountMinor: bigint, code = 'USD'): Money {
  return unwrapOrThrow(moneyFromMinorUnits(amountMinor, code));
}

function amounts(parts: readonly Money[]): bigint[] {
  return parts.map((part) => part.amountMinor);
}

describe('allocateMoney', () => {
  it.each([
    [100n, [1, 1, 1], [34n, 33n, 33n]],
    [-100n, [1, 1, 1], [-34n, -33n, -33n]],
    [5n, [1, 1], [3n, 2n]],
    [5n, [1, 1, 1, 1, 1, 1, 1], [1n, 1n, 1n, 1n, 1n, 0n, 0n]],
    [100n, [70, 30], [70n, 30n]],
    [101n, [1, 0, 1], [51n, 0n, 50n]],
    [1n, [0, 1, 1], [0n, 1n, 0n]],
    [0n, [1, 2, 3], [0n, 0n, 0n]],
    [10n, [3], [10n]],
    [10n, [1n, 2n], [3n, 7n]],
    [1000n, [1, 3], [250n, 750n]],
    // Remainders 2/3 and 1/3: the larger remainder wins over the earlier index.
    [2n, [1, 2], [1n, 1n]],
    [MONEY_MAX_MINOR_UNITS, [1, 1], [MONEY_MAX_MINOR_UNITS / 2n + 1n, MONEY_MAX_MINOR_UNITS / 2n]],
  ])('splits %s by %s into %s', (total, ratios, expected) => {
    const parts = allocateMoney(money(total), ratios as number[] | bigint[])._unsafeUnwrap();
    expect(amounts(parts)).toEqual(expected);
    expect(parts.every((part) => part.currency === 'USD' && Object.isFrozen(part))).toBe(true);
  });

  it.each([
    ['no ratios', [], { reason: 'empty' }],
    [
      'one ratio too many',
      Array.from({ length: ALLOCATION_RATIOS_MAX + 1 }, () => 1),
      { reason: 'too_many' },
    ],
    ['a negative number', [1, -1], { reason: 'negative', index: 1 }],
    ['a negative bigint', [-1n], { reason: 'negative', index: 0 }],
    ['all zero numbers', [0, 0, 0], { reason: 'all_zero' }],
    ['a zero bigint', [0n], { reason: 'all_zero' }],
    ['a fraction', [1, 1.5], { reason: 'not_an_integer', index: 1 }],
    ['NaN', [Number.NaN], { reason: 'not_an_integer', index: 0 }],
    ['Infinity', [Number.POSITIVE_INFINITY], { reason: 'not_an_integer', index: 0 }],
    ['an unsafe integer', [2 ** 53], { reason: 'not_an_integer', index: 0 }],
    ['a string', ['1'], { reason: 'not_an_integer', index: 0 }],
    ['null in the array', [null], { reason: 'not_an_integer', index: 0 }],
    ['a string instead of an array', '1,1', { reason: 'not_an_array' }],
    ['null instead of an array', null, { reason: 'not_an_array' }],
  ])('refuses %s', (_label, ratios, expected) => {
    expect(allocateMoney(money(100n), ratios as number[])._unsafeUnwrapErr()).toEqual({
      type: 'money.invalid_ratios',
      ...expected,
    });
  });

  it('accepts the maximum number of ratios', () => {
    const ratios = Array.from({ length: ALLOCATION_RATIOS_MAX }, () => 1);
    const parts = allocateMoney(money(12_345n), ratios)._unsafeUnwrap();
    expect(parts).toHaveLength(ALLOCATION_RATIOS_MAX);
    expect(parts.reduce((sum, part) => sum + part.amountMinor, 0n)).toBe(12_345n);
  });

  const ratiosArbitrary = fc.oneof(
    fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 30 }),
    fc.array(fc.bigInt({ min: 0n, max: 10n ** 30n }), { minLength: 1, maxLength: 30 }),
  );
  const totalArbitrary = fc.oneof(
    fc.bigInt({ min: -MONEY_MAX_MINOR_UNITS, max: MONEY_MAX_MINOR_UNITS }),
    fc.bigInt({ min: -1000n, max: 1000n }),
  );

  it('never loses or creates a minor unit, and keeps each part within one unit of its share', () => {
    fc.assert(
      fc.property(
        totalArbitrary,
        ratiosArbitrary,
        fc.constantFrom(...MONEY_CODES),
        (total, ratios, code) => {
          const ratioValues = ratios.map((ratio) => BigInt(ratio));
          const ratioSum = ratioValues.reduce((sum, ratio) => sum + ratio, 0n);
          fc.pre(ratioSum > 0n);
          const parts = allocateMoney(money(total, code), ratios)._unsafeUnwrap();
          expect(parts).toHaveLength(ratios.length);
          expect(parts.reduce((sum, part) => sum + part.amountMinor, 0n)).toBe(total);
          parts.forEach((part, index) => {
            expect(part.currency).toBe(code);
            // |part - total * ratio / ratioSum| < 1, i.e. |part * ratioSum - total * ratio| < ratioSum.
            const deviation = part.amountMinor * ratioSum - total * (ratioValues[index] ?? 0n);
            expect(deviation < 0n ? -deviation : deviation).toBeLessThan(ratioSum);
            if (ratioValues[index] === 0n) expect(part.amountMinor).toBe(0n);
            if (total !== 0n && part.amountMinor !== 0n) {
              expect(part.amountMinor < 0n).toBe(total < 0n);
            }
          });
        },
      ),
    );
  });

  it('splits a negative amount as the mirror image of the positive one', () => {
    fc.assert(
      fc.property(totalArbitrary, ratiosArbitrary, (total, ratios) => {
        fc.pre(ratios.some((ratio) => BigInt(ratio) > 0n));
        const positive = amounts(allocateMoney(money(total), ratios)._unsafeUnwrap());
        const negative = amounts(allocateMoney(money(-total), ratios)._unsafeUnwrap());
        expect(negative).toEqual(positive.map((part) => -part));
      }),
    );
  });

  it('gives equal ratios parts that differ by at most one, larger first', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 1, max: 50 }),
        (total, count) => {
          const parts = amounts(
            allocateMoney(
              money(total),
              Array.from({ length: count }, () => 1),
            )._unsafeUnwrap(),
          );
          expect([...parts].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(parts);
          const first = parts[0] ?? 0n;
          const last = parts[parts.length - 1] ?? 0n;
          expect(first - last <= 1n).toBe(true);
        },
      ),
    );
  });
});
