import { err, type Result } from 'neverthrow';
import { currencyExponent, parseCurrency } from './currency.js';
import { type Money, moneyWithinBounds } from './money.js';
import {
  type InvalidAmountError,
  invalidAmount,
  type MoneyOutOfRangeError,
  type UnknownCurrencyError,
} from './money-error.js';

/**
 * The longest amount string {@link parseMoney} reads. The longest valid amount has 38 characters
 * (a sign, 36 digits and a decimal point), so this refuses hostile megabyte inputs before any
 * other work while never refusing a valid amount.
 */
export const MONEY_AMOUNT_MAX_LENGTH = 40;

// An optional minus, an integer part without leading zeros, an optional fraction of at least one
// digit. ASCII digits only; `$` without the `m` flag matches only at the very end, so a trailing
// newline is refused too.
const AMOUNT_PATTERN = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const ALL_ZEROS = /^0*$/;

/**
 * Parses a decimal amount exactly: `parseMoney('12.30', 'USD')` is 1230 minor units of USD.
 *
 * Accepted: `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most as many fraction digits as the currency's
 * exponent (`12.3` and `12.30` are both fine for USD). Nothing is rounded, trimmed or folded:
 * `12.345` USD, `12.0` JPY and even `12.300` USD (excess zeros) are `excess_precision`; whitespace,
 * `+`, exponents, `NaN`, `Infinity`, `.5`, `1.`, `007`, `1,000`, `1_000` and non-ASCII digits are
 * `bad_format`. A signed zero (`-0`, `-0.00`) is refused as `negative_zero`: it is what
 * `(-0.001).toFixed(2)` prints, i.e. the trace of a float rounding upstream, and refusing it keeps
 * exactly one spelling per value. Amounts beyond `MONEY_MAX_MINOR_UNITS` are `money.out_of_range`.
 * Syntax is checked before the currency, the currency before precision and range.
 */
export function parseMoney(
  amount: string,
  currency: string,
): Result<Money, InvalidAmountError | UnknownCurrencyError | MoneyOutOfRangeError> {
  if (typeof amount !== 'string') return err(invalidAmount('not_a_string'));
  if (amount.length === 0) return err(invalidAmount('empty'));
  if (amount.length > MONEY_AMOUNT_MAX_LENGTH) return err(invalidAmount('too_long'));
  const match = AMOUNT_PATTERN.exec(amount);
  if (match === null) return err(invalidAmount('bad_format'));
  const negative = match[1] === '-';
  const integerDigits = match[2] ?? '';
  const fractionDigits = match[3] ?? '';
  if (negative && integerDigits === '0' && ALL_ZEROS.test(fractionDigits)) {
    return err(invalidAmount('negative_zero'));
  }
  return parseCurrency(currency).andThen((parsed) => {
    const exponent = currencyExponent(parsed);
    if (fractionDigits.length > exponent) return err(invalidAmount('excess_precision'));
    const magnitude = BigInt(integerDigits + fractionDigits.padEnd(exponent, '0'));
    return moneyWithinBounds(negative ? -magnitude : magnitude, parsed);
  });
}
