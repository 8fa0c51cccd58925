import { currencyExponent } from './currency.js';
import type { Money } from './money.js';

/**
 * The canonical decimal string of an amount, with exactly the currency's number of fraction
 * digits and no grouping, symbol or currency code: `12.30` and `-0.05` for USD, `100` for JPY,
 * `1.000` for KWD. It is what goes on the wire and what `parseMoney` reads back to the same value.
 * For display to people, use `Intl.NumberFormat` on this string, never on a `number`.
 */
export function formatMoney(money: Money): string {
  const exponent = currencyExponent(money.currency);
  const negative = money.amountMinor < 0n;
  const digits = (negative ? -money.amountMinor : money.amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = negative ? '-' : '';
  if (exponent === 0) return sign + digits;
  const split = digits.length - exponent;
  return `${sign}${digits.slice(0, split)}.${digits.slice(split)}`;
}
