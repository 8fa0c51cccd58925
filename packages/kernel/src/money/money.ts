import { err, ok, type Result } from 'neverthrow';
import { assert } from '../errors/assert.js';
import { type Currency, parseCurrency } from './currency.js';
import {
  type InvalidAmountError,
  invalidAmount,
  type MoneyOutOfRangeError,
  moneyOutOfRange,
  type UnknownCurrencyError,
} from './money-error.js';

declare const moneyBrand: unique symbol;

/**
 * An exact amount of one currency: an integer count of the currency's minor unit (cents for USD,
 * yen for JPY, fils for KWD) and the currency. Immutable (frozen), and only made by this module's
 * functions, so its amount is always within {@link MONEY_MAX_MINOR_UNITS}. `JSON.stringify` throws
 * on it (bigint) on purpose: use `moneyToWire`, which writes the amount as a decimal string.
 */
export interface Money {
  /** The amount in minor units: `1234n` with USD is 12.34 USD. */
  readonly amountMinor: bigint;
  /** The currency the amount is counted in. */
  readonly currency: Currency;
  readonly [moneyBrand]: true;
}

/**
 * The largest magnitude an amount may have, in minor units: 10^36 - 1. Every amount then fits
 * Postgres `numeric(38,0)` and DynamoDB numbers (38 significant digits) with two digits of
 * headroom for sums computed in the database, and is far beyond any real balance.
 */
export const MONEY_MAX_MINOR_UNITS: bigint = 10n ** 36n - 1n;

/** Whether an amount in minor units is within {@link MONEY_MAX_MINOR_UNITS} in magnitude. */
export function isWithinMoneyBounds(amountMinor: bigint): boolean {
  return amountMinor <= MONEY_MAX_MINOR_UNITS && amountMinor >= -MONEY_MAX_MINOR_UNITS;
}

/**
 * Builds a Money the caller has already proved to be in range (a negation, a part of an
 * allocation); a value out of range here is a bug, so it throws.
 */
export function createMoney(amountMinor: bigint, currency: Currency): Money {
  assert(isWithinMoneyBounds(amountMinor), 'a Money amount is always within the bound');
  return Object.freeze({ amountMinor, currency }) as Money;
}

/** Builds a Money from a computed amount, refusing one beyond the bound with a typed error. */
export function moneyWithinBounds(
  amountMinor: bigint,
  currency: Currency,
): Result<Money, MoneyOutOfRangeError> {
  return isWithinMoneyBounds(amountMinor)
    ? ok(createMoney(amountMinor, currency))
    : err(moneyOutOfRange(currency));
}

/**
 * Makes a Money from an integer count of minor units: `moneyFromMinorUnits(1234n, 'USD')` is
 * 12.34 USD. The amount must be a bigint at runtime too; a `number` (even `100`) is refused,
 * because no `number` ever holds money.
 */
export function moneyFromMinorUnits(
  amountMinor: bigint,
  currency: string,
): Result<Money, InvalidAmountError | UnknownCurrencyError | MoneyOutOfRangeError> {
  if (typeof amountMinor !== 'bigint') return err(invalidAmount('not_a_bigint'));
  return parseCurrency(currency).andThen((parsed) => moneyWithinBounds(amountMinor, parsed));
}

/** Zero in the given currency. */
export function zeroMoney(currency: Currency): Money {
  return createMoney(0n, currency);
}
