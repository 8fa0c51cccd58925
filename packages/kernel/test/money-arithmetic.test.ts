import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absoluteMoney,
  addMoney,
  assertNever,
  compareMoney,
  ISO_4217_CURRENCIES,
  isMoneyNegative,
  isMoneyPositive,
  isMoneyZero,
  MONEY_MAX_MINOR_UNITS,
  type Money,
  type MoneyError,
  maximumMoney,
  minimumMoney,
  moneyEquals,
  moneyFromMinorUnits,
  negateMoney,
  parseCurrency,
  parseMoney,
  subtractMoney,
  unwrapOrThrow,
  zeroMoney,
} from '../src/index.js';

const MONEY_CODES = ISO_4217_CURRENCIES.filter((entry) => entry.exponent !== null).map(
  (entry) => entry.code,
);

function money(amountMinor: bigint, code = 'USD'): Money {
  return unwrapOrThrow(moneyFromMinorUnits(amountMinor, code));
}

const amountArbitrary = fc.oneof(
  fc.bigInt({ min: -MONEY_MAX_MINOR_UNITS, max: MONEY_MAX_MINOR_UNITS }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.constantFrom(0n, MONEY_MAX_MINOR_UNITS, -MONEY_MAX_MINOR_UNITS),
);
// Halves of the range, so that any sum or difference of two of them stays in range.
const halfAmountArbitrary = fc.bigInt({
  min: -MONEY_MAX_MINOR_UNITS / 2n,
  max: MONEY_MAX_MINOR_UNITS / 2n,
});
const codeArbitrary = fc.constantFrom(...MONEY_CODES);

describe('addMoney and subtractMoney', () => {
  it('add and subtract in one currency', () => {
    expect(addMoney(money(1230n), money(-30n))._unsafeUnwrap()).toEqual(money(1200n));
    expect(subtractMoney(money(1230n), money(1300n))._unsafeUnwrap()).toEqual(money(-70n));
  });

  it('refuse mixed currencies with a typed error', () => {
    const expected = { type: 'money.currency_mismatch', left: 'USD', right: 'EUR' };
    expect(addMoney(money(1n, 'USD'), money(1n, 'EUR'))._unsafeUnwrapErr()).toEqual(expected);
    expect(subtractMoney(money(1n, 'USD'), money(1n, 'EUR'))._unsafeUnwrapErr()).toEqual(expected);
  });

  it('refuse a result beyond the bound with a typed error', () => {
    const top = money(MONEY_MAX_MINOR_UNITS);
    const bottom = money(-MONEY_MAX_MINOR_UNITS);
    const expected = { type: 'money.out_of_range', currency: 'USD' };
    expect(addMoney(top, money(1n))._unsafeUnwrapErr()).toEqual(expected);
    expect(addMoney(bottom, money(-1n))._unsafeUnwrapErr()).toEqual(expected);
    expect(subtractMoney(bottom, money(1n))._unsafeUnwrapErr()).toEqual(expected);
    expect(subtractMoney(top, bottom)._unsafeUnwrapErr()).toEqual(expected);
    expect(addMoney(top, bottom)._unsafeUnwrap()).toEqual(money(0n));
  });

  it('add is commutative, with the same outcome either way round (even out of range)', () => {
    fc.assert(
      fc.property(amountArbitrary, amountArbitrary, codeArbitrary, (left, right, code) => {
        const a = money(left, code);
        const b = money(right, code);
        expect(addMoney(a, b)).toEqual(addMoney(b, a));
      }),
    );
  });

  it('subtract undoes add, and add undoes subtract', () => {
    fc.assert(
      fc.property(halfAmountArbitrary, halfAmountArbitrary, codeArbitrary, (left, right, code) => {
        const a = money(left, code);
        const b = money(right, code);
        const sum = addMoney(a, b)._unsafeUnwrap();
        expect(subtractMoney(sum, b)._unsafeUnwrap()).toEqual(a);
        const difference = subtractMoney(a, b)._unsafeUnwrap();
        expect(addMoney(difference, b)._unsafeUnwrap()).toEqual(a);
      }),
    );
  });

  it('zero is the identity and a - a is zero', () => {
    fc.assert(
      fc.property(amountArbitrary, codeArbitrary, (amount, code) => {
        const a = money(amount, code);
        const zero = zeroMoney(unwrapOrThrow(parseCurrency(code)));
        expect(addMoney(a, zero)._unsafeUnwrap()).toEqual(a);
        expect(subtractMoney(a, a)._unsafeUnwrap()).toEqual(zero);
        expect(subtractMoney(zero, a)._unsafeUnwrap()).toEqual(negateMoney(a));
      }),
    );
  });

  it('never report out of range for a result within the bound', () => {
    fc.assert(
      fc.property(amountArbitrary, amountArbitrary, (left, right) => {
        const result = addMoney(money(left), money(right));
        const exact = left + right;
        const inRange = exact <= MONEY_MAX_MINOR_UNITS && exact >= -MONEY_MAX_MINOR_UNITS;
        expect(result.isOk()).toBe(inRange);
        if (inRange) expect(result._unsafeUnwrap().amountMinor).toBe(exact);
      }),
    );
  });
});

describe('negateMoney and absoluteMoney', () => {
  it('negate is its own inverse and never leaves the range', () => {
    fc.assert(
      fc.property(amountArbitrary, (amount) => {
        const a = money(amount);
        expect(negateMoney(negateMoney(a))).toEqual(a);
        expect(negateMoney(a).amountMinor).toBe(-amount);
      }),
    );
    expect(negateMoney(money(0n))).toEqual(money(0n));
    expect(Object.is(negateMoney(money(0n)).amountMinor, 0n)).toBe(true);
  });

  it('absolute is never negative and keeps the magnitude', () => {
    fc.assert(
      fc.property(amountArbitrary, (amount) => {
        const result = absoluteMoney(money(amount));
        expect(isMoneyNegative(result)).toBe(false);
        expect(result.amountMinor).toBe(amount < 0n ? -amount : amount);
      }),
    );
  });

  it('return frozen values', () => {
    expect(Object.isFrozen(negateMoney(money(5n)))).toBe(true);
    expect(Object.isFrozen(absoluteMoney(money(-5n)))).toBe(true);
  });
});

describe('compareMoney and friends', () => {
  it('compares amounts of one currency', () => {
    expect(compareMoney(money(1n), money(2n))._unsafeUnwrap()).toBe(-1);
    expect(compareMoney(money(2n), money(2n))._unsafeUnwrap()).toBe(0);
    expect(compareMoney(money(3n), money(2n))._unsafeUnwrap()).toBe(1);
    expect(compareMoney(money(-3n), money(2n))._unsafeUnwrap()).toBe(-1);
  });

  it('refuses to order different currencies', () => {
    const expected = { type: 'money.currency_mismatch', left: 'JPY', right: 'USD' };
    expect(compareMoney(money(1n, 'JPY'), money(1n))._unsafeUnwrapErr()).toEqual(expected);
    expect(minimumMoney(money(1n, 'JPY'), money(1n))._unsafeUnwrapErr()).toEqual(expected);
    expect(maximumMoney(money(1n, 'JPY'), money(1n))._unsafeUnwrapErr()).toEqual(expected);
  });

  it('is consistent with bigint order, antisymmetric, and agrees with equality and subtraction', () => {
    fc.assert(
      fc.property(amountArbitrary, amountArbitrary, (left, right) => {
        const a = money(left);
        const b = money(right);
        const order = compareMoney(a, b)._unsafeUnwrap();
        expect(order).toBe(left < right ? -1 : left > right ? 1 : 0);
        expect(compareMoney(b, a)._unsafeUnwrap()).toBe(-order || 0);
        expect(moneyEquals(a, b)).toBe(order === 0);
        const difference = subtractMoney(a, b);
        if (difference.isOk()) {
          expect(isMoneyNegative(difference.value)).toBe(order === -1);
          expect(isMoneyZero(difference.value)).toBe(order === 0);
          expect(isMoneyPositive(difference.value)).toBe(order === 1);
        }
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(amountArbitrary, amountArbitrary, amountArbitrary, (x, y, z) => {
        const [a, b, c] = [money(x), money(y), money(z)];
        const ab = compareMoney(a, b)._unsafeUnwrap();
        const bc = compareMoney(b, c)._unsafeUnwrap();
        if (ab <= 0 && bc <= 0) expect(compareMoney(a, c)._unsafeUnwrap()).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('picks the minimum and maximum, left on ties', () => {
    const left = money(5n);
    const right = money(5n);
    expect(minimumMoney(left, right)._unsafeUnwrap()).toBe(left);
    expect(maximumMoney(left, right)._unsafeUnwrap()).toBe(left);
    expect(minimumMoney(money(1n), money(-1n))._unsafeUnwrap()).toEqual(money(-1n));
    expect(maximumMoney(money(1n), money(-1n))._unsafeUnwrap()).toEqual(money(1n));
  });

  it('treats amounts of different currencies as unequal, not as an error', () => {
    expect(moneyEquals(money(100n, 'USD'), money(100n, 'EUR'))).toBe(false);
    expect(moneyEquals(money(100n, 'USD'), money(100n, 'USD'))).toBe(true);
  });

  it('classifies the sign', () => {
    expect([isMoneyZero, isMoneyNegative, isMoneyPositive].map((test) => test(money(0n)))).toEqual([
      true,
      false,
      false,
    ]);
    expect([isMoneyZero, isMoneyNegative, isMoneyPositive].map((test) => test(money(-1n)))).toEqual(
      [false, true, false],
    );
    expect([isMoneyZero, isMoneyNegative, isMoneyPositive].map((test) => test(money(1n)))).toEqual([
      false,
      false,
      true,
    ]);
  });
});

describe('Money values', () => {
  it('are frozen, so no one can change an amount in place', () => {
    const value = money(100n);
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (value as { amountMinor: bigint }).amountMinor = 1n;
    }).toThrow(TypeError);
  });
});

describe('MoneyError', () => {
  // Compiles only while the switch covers every variant: the union is discriminated on `type`.
  function describeError(error: MoneyError): string {
    switch (error.type) {
      case 'money.invalid_amount':
        return error.reason;
      case 'money.unknown_currency':
        return error.reason;
      case 'money.currency_mismatch':
        return `${error.left}/${error.right}`;
      case 'money.out_of_range':
        return error.currency;
      case 'money.invalid_ratios':
        return error.reason;
      default:
        return assertNever(error);
    }
  }

  it('is a discriminated union that a switch covers exhaustively', () => {
    expect(describeError(addMoney(money(1n, 'USD'), money(1n, 'EUR'))._unsafeUnwrapErr())).toBe(
      'USD/EUR',
    );
    expect(describeError(parseMoney('1.234', 'USD')._unsafeUnwrapErr())).toBe('excess_precision');
  });
});
