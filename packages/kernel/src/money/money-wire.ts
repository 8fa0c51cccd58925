import { err, type Result } from 'neverthrow';
import { formatMoney } from './format-money.js';
import type { Money } from './money.js';
import {
  type InvalidAmountError,
  invalidAmount,
  type MoneyOutOfRangeError,
  type UnknownCurrencyError,
} from './money-error.js';
import { parseMoney } from './parse-money.js';

/**
 * Money as it travels in JSON (DESIGN §5): the amount as a canonical decimal string, never a
 * number, so no JSON parser on the way can turn it into a float. `{ amount: '12.30', currency: 'USD' }`.
 */
export interface MoneyWire {
  readonly amount: string;
  readonly currency: string;
}

/** The wire shape of an amount; `moneyFromWire` reads it back to the same value. */
export function moneyToWire(money: Money): MoneyWire {
  return { amount: formatMoney(money), currency: money.currency };
}

/**
 * Reads the wire shape from untrusted input with {@link parseMoney}'s rules. A number in
 * `amount` is refused (`not_a_string`) rather than converted; fields other than `amount` and
 * `currency` are ignored.
 */
export function moneyFromWire(
  input: unknown,
): Result<Money, InvalidAmountError | UnknownCurrencyError | MoneyOutOfRangeError> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return err(invalidAmount('not_an_object'));
  }
  // Own properties only: a value inherited through a polluted prototype is not on the wire.
  const amount = Object.hasOwn(input, 'amount') ? (input as { amount: unknown }).amount : undefined;
  const currency = Object.hasOwn(input, 'currency')
    ? (input as { currency: unknown }).currency
    : undefined;
  if (typeof amount !== 'string') return err(invalidAmount('not_a_string'));
  // parseMoney checks the currency at runtime as well, so a non-string one is refused there.
  return parseMoney(amount, currency as string);
}
