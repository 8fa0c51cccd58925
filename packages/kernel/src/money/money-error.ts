import type { DomainError } from '../errors/domain-error.js';
import type { Currency } from './currency.js';

/**
 * Why an amount was refused: a stable code to switch on. The rejected text itself is never kept,
 * because an amount field from outside may hold anything (a card number pasted in the wrong box).
 */
export type InvalidAmountReason =
  /** `parseMoney` was given something other than a string. */
  | 'not_a_string'
  /** `moneyFromMinorUnits` was given something other than a bigint, e.g. the number `100`. */
  | 'not_a_bigint'
  /** `moneyFromWire` was given something other than an object. */
  | 'not_an_object'
  /** The amount is the empty string. */
  | 'empty'
  /** The amount is longer than `MONEY_AMOUNT_MAX_LENGTH` characters. */
  | 'too_long'
  /** The amount is not a plain ASCII decimal: `1e3`, ` 1`, `+1`, `1.`, `.5`, `007`, `1,000`, … */
  | 'bad_format'
  /** The amount is a zero with a minus sign (`-0`, `-0.00`); see `parseMoney`. */
  | 'negative_zero'
  /** The amount has more fraction digits than the currency's minor unit allows. */
  | 'excess_precision';

/** An amount could not be read as money; `reason` says why. */
export interface InvalidAmountError extends DomainError<'money.invalid_amount'> {
  readonly reason: InvalidAmountReason;
}

/** Why a currency code was refused: a stable code to switch on. */
export type UnknownCurrencyReason =
  /** The code is not a string. */
  | 'not_a_string'
  /** The code is not three ASCII capital letters (lowercase is refused, not folded). */
  | 'bad_format'
  /** The code is well formed but not in ISO 4217 list one (withdrawn like `BGN`, or made up). */
  | 'not_listed'
  /** ISO lists the code with no minor unit ("N.A.": XAU, XDR, XXX, …), so it cannot hold money. */
  | 'no_minor_unit';

/** A currency code could not be used for money; `reason` says why. */
export interface UnknownCurrencyError extends DomainError<'money.unknown_currency'> {
  readonly reason: UnknownCurrencyReason;
  /** The refused code, present only when it is three ASCII capitals and therefore safe to log. */
  readonly currency?: string;
}

/** An operation combined amounts of two different currencies; nothing is ever converted. */
export interface CurrencyMismatchError extends DomainError<'money.currency_mismatch'> {
  readonly left: Currency;
  readonly right: Currency;
}

/** An amount, parsed or computed, is beyond `MONEY_MAX_MINOR_UNITS` in magnitude. */
export interface MoneyOutOfRangeError extends DomainError<'money.out_of_range'> {
  readonly currency: Currency;
}

/** Why allocation ratios were refused: a stable code to switch on. */
export type InvalidRatiosReason =
  /** The ratios are not an array. */
  | 'not_an_array'
  /** There are no ratios. */
  | 'empty'
  /** There are more than `ALLOCATION_RATIOS_MAX` ratios. */
  | 'too_many'
  /** A ratio is not an integer: a fraction, NaN, an unsafe number, a string, … */
  | 'not_an_integer'
  /** A ratio is below zero. */
  | 'negative'
  /** Every ratio is zero, so there is no share to give anyone. */
  | 'all_zero';

/** The ratios given to `allocateMoney` cannot split an amount; `reason` says why. */
export interface InvalidRatiosError extends DomainError<'money.invalid_ratios'> {
  readonly reason: InvalidRatiosReason;
  /** The position of the offending ratio, for the reasons that concern a single one. */
  readonly index?: number;
}

/** Every error the money functions return; `switch (error.type)` covers them all. */
export type MoneyError =
  | InvalidAmountError
  | UnknownCurrencyError
  | CurrencyMismatchError
  | MoneyOutOfRangeError
  | InvalidRatiosError;

/** Builds an {@link InvalidAmountError}. */
export function invalidAmount(reason: InvalidAmountReason): InvalidAmountError {
  return { type: 'money.invalid_amount', reason };
}

const LOGGABLE_CURRENCY_CODE = /^[A-Z]{3}$/;

/** Builds an {@link UnknownCurrencyError}, keeping the code only when it is safe to log. */
export function unknownCurrency(
  reason: UnknownCurrencyReason,
  code?: string,
): UnknownCurrencyError {
  return code !== undefined && LOGGABLE_CURRENCY_CODE.test(code)
    ? { type: 'money.unknown_currency', reason, currency: code }
    : { type: 'money.unknown_currency', reason };
}

/** Builds a {@link CurrencyMismatchError}. */
export function currencyMismatch(left: Currency, right: Currency): CurrencyMismatchError {
  return { type: 'money.currency_mismatch', left, right };
}

/** Builds a {@link MoneyOutOfRangeError}. */
export function moneyOutOfRange(currency: Currency): MoneyOutOfRangeError {
  return { type: 'money.out_of_range', currency };
}

/** Builds an {@link InvalidRatiosError}. */
export function invalidRatios(reason: InvalidRatiosReason, index?: number): InvalidRatiosError {
  return index === undefined
    ? { type: 'money.invalid_ratios', reason }
    : { type: 'money.invalid_ratios', reason, index };
}
