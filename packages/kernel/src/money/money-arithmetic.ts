import { err, ok, type Result } from 'neverthrow';
import type { Currency } from './currency.js';
import { createMoney, type Money, moneyWithinBounds } from './money.js';
import {
  type CurrencyMismatchError,
  currencyMismatch,
  type MoneyOutOfRangeError,
} from './money-error.js';

// Amounts of different currencies never combine: there is no implicit conversion anywhere.
function commonCurrency(left: Money, right: Money): Result<Currency, CurrencyMismatchError> {
  return left.currency === right.currency
    ? ok(left.currency)
    : err(currencyMismatch(left.currency, right.currency));
}

/** `left + right`; refuses mixed currencies and a sum beyond `MONEY_MAX_MINOR_UNITS`. */
export function addMoney(
  left: Money,
  right: Money,
): Result<Money, CurrencyMismatchError | MoneyOutOfRangeError> {
  return commonCurrency(left, right).andThen((currency) =>
    moneyWithinBounds(left.amountMinor + right.amountMinor, currency),
  );
}

/** `left - right`; refuses mixed currencies and a difference beyond `MONEY_MAX_MINOR_UNITS`. */
export function subtractMoney(
  left: Money,
  right: Money,
): Result<Money, CurrencyMismatchError | MoneyOutOfRangeError> {
  return commonCurrency(left, right).andThen((currency) =>
    moneyWithinBounds(left.amountMinor - right.amountMinor, currency),
  );
}

/** `-money`; cannot fail, because the bound is symmetric. Zero stays zero (bigint has no -0). */
export function negateMoney(money: Money): Money {
  return createMoney(-money.amountMinor, money.currency);
}

/** The magnitude of an amount, `|money|`; cannot fail, because the bound is symmetric. */
export function absoluteMoney(money: Money): Money {
  return money.amountMinor < 0n ? negateMoney(money) : money;
}

/** `-1`, `0` or `1` as `left` is less than, equal to or greater than `right`; one currency only. */
export function compareMoney(left: Money, right: Money): Result<-1 | 0 | 1, CurrencyMismatchError> {
  return commonCurrency(left, right).map(() =>
    left.amountMinor < right.amountMinor ? -1 : left.amountMinor > right.amountMinor ? 1 : 0,
  );
}

/**
 * Whether two amounts are the same amount of the same currency. Amounts of different currencies
 * are simply not equal (no error): equality, unlike ordering, is defined across currencies.
 */
export function moneyEquals(left: Money, right: Money): boolean {
  return left.currency === right.currency && left.amountMinor === right.amountMinor;
}

/** Whether the amount is zero. */
export function isMoneyZero(money: Money): boolean {
  return money.amountMinor === 0n;
}

/** Whether the amount is below zero. */
export function isMoneyNegative(money: Money): boolean {
  return money.amountMinor < 0n;
}

/** Whether the amount is above zero. */
export function isMoneyPositive(money: Money): boolean {
  return money.amountMinor > 0n;
}

/** The smaller of two amounts of one currency; `left` when they are equal. */
export function minimumMoney(left: Money, right: Money): Result<Money, CurrencyMismatchError> {
  return compareMoney(left, right).map((order) => (order <= 0 ? left : right));
}

/** The larger of two amounts of one currency; `left` when they are equal. */
export function maximumMoney(left: Money, right: Money): Result<Money, CurrencyMismatchError> {
  return compareMoney(left, right).map((order) => (order >= 0 ? left : right));
}
