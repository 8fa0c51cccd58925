import { err, ok, type Result } from 'neverthrow';
import { assert } from '../errors/assert.js';
import { ISO_4217_CURRENCIES, type Iso4217Currency } from './iso-4217.js';
import { type UnknownCurrencyError, unknownCurrency } from './money-error.js';

declare const currencyBrand: unique symbol;

/**
 * A validated ISO 4217 alphabetic code that can hold money (`USD`, `JPY`): listed in ISO 4217
 * list one with a minor unit. Only {@link parseCurrency} makes one, so every `Currency` has an
 * exponent.
 */
export type Currency = string & { readonly [currencyBrand]: true };

const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

const CURRENCIES_BY_CODE: ReadonlyMap<string, Iso4217Currency> = new Map(
  ISO_4217_CURRENCIES.map((entry) => [entry.code, entry]),
);

/**
 * Parses a currency code from untrusted input. Exact match only: `usd` and ` USD` are refused,
 * not folded, because a caller that sends them has a bug worth seeing.
 */
export function parseCurrency(input: unknown): Result<Currency, UnknownCurrencyError> {
  if (typeof input !== 'string') return err(unknownCurrency('not_a_string'));
  if (!CURRENCY_CODE_PATTERN.test(input)) return err(unknownCurrency('bad_format'));
  const entry = CURRENCIES_BY_CODE.get(input);
  if (entry === undefined) return err(unknownCurrency('not_listed', input));
  if (entry.exponent === null) return err(unknownCurrency('no_minor_unit', input));
  return ok(input as Currency);
}

function entryOf(currency: Currency): Iso4217Currency & { readonly exponent: number } {
  const entry = CURRENCIES_BY_CODE.get(currency);
  assert(
    entry !== undefined && entry.exponent !== null,
    'a Currency is always a listed code with a minor unit',
  );
  return entry as Iso4217Currency & { readonly exponent: number };
}

/** How many decimal digits the currency's minor unit has: JPY 0, USD 2, KWD 3, CLF 4. */
export function currencyExponent(currency: Currency): number {
  return entryOf(currency).exponent;
}

/** The currency's ISO 4217 numeric code, three digits with leading zeros: `840` for USD. */
export function currencyNumericCode(currency: Currency): string {
  return entryOf(currency).numericCode;
}
