import {
  currencyExponent,
  type DomainError,
  err,
  type JsonObject,
  MONEY_MAX_MINOR_UNITS,
  ok,
  parseCurrency,
  type Result,
} from '@strongroom/kernel';
import type { TransferInput } from './ledger-input.js';

/** How the converted amount is rounded to the target currency's minor unit. */
export type ConversionRounding = 'down' | 'half_up' | 'half_even';

/** What a conversion takes. */
export interface ConversionRequest {
  /** The two transfer ids: source leg, then target leg. */
  readonly ids: readonly [string, string];
  /** The account paying, the amount in its currency. */
  readonly from: {
    readonly accountId: string;
    readonly currency: string;
    readonly amountMinor: bigint;
  };
  /** The account receiving, in another currency. */
  readonly to: { readonly accountId: string; readonly currency: string };
  /** Units of `to` per unit of `from`, as a decimal string (`"0.9215"`); recorded as given. */
  readonly rate: string;
  /** The FX (position) account of each currency, by currency code. */
  readonly fxAccounts: Readonly<Record<string, string>>;
  /** Transfer code of both legs. */
  readonly code: number;
  /** Rounding of the converted amount; default `half_even`. */
  readonly rounding?: ConversionRounding | undefined;
  /** Extra caller context for both legs; `conversion` is set by us. */
  readonly metadata?: JsonObject | undefined;
}

/** Why a conversion could not be built. */
export interface ConversionError extends DomainError<'ledger.conversion'> {
  readonly reason:
    | 'currency_invalid'
    | 'same_currency'
    | 'rate_invalid'
    | 'amount_invalid'
    | 'fx_account_missing'
    | 'converted_amount_zero'
    | 'converted_amount_exceeds_maximum';
}

// A positive decimal without sign, exponent or leading zeros; 32 characters are plenty for a rate.
const RATE_PATTERN = /^(0|[1-9][0-9]{0,15})(?:\.([0-9]{1,16}))?$/;

function conversionError(reason: ConversionError['reason']): ConversionError {
  return { type: 'ledger.conversion', reason };
}

function divideRounded(
  numerator: bigint,
  denominator: bigint,
  rounding: ConversionRounding,
): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (rounding === 'down' || remainder === 0n) return quotient;
  const twice = remainder * 2n;
  if (twice > denominator) return quotient + 1n;
  if (twice < denominator) return quotient;
  return rounding === 'half_up' || quotient % 2n === 1n ? quotient + 1n : quotient;
}

/**
 * The converted amount in minor units of `to`, computed exactly from the decimal rate and both
 * currencies' exponents (`amount × rate × 10^(exp(to) − exp(from))`), then rounded once.
 */
export function convertAmount(
  amountMinor: bigint,
  rate: string,
  fromExponent: number,
  toExponent: number,
  rounding: ConversionRounding,
): bigint | null {
  const match = RATE_PATTERN.exec(rate);
  if (match === null) return null;
  const fraction = match[2] ?? '';
  const rateUnits = BigInt((match[1] ?? '') + fraction);
  if (rateUnits === 0n) return null;
  const shift = toExponent - fromExponent;
  const numerator = amountMinor * rateUnits * 10n ** BigInt(Math.max(shift, 0));
  const denominator = 10n ** BigInt(fraction.length) * 10n ** BigInt(Math.max(-shift, 0));
  return divideRounded(numerator, denominator, rounding);
}

/**
 * A currency conversion as two linked transfers through per-currency FX accounts: the payer's
 * amount goes to the FX account of its currency, and the FX account of the target currency pays
 * the converted amount to the receiver. Each leg stays within one currency (nothing ever sums
 * two), the pair is all-or-nothing (the first leg is `linked`), and both record the rate as
 * given, the currencies, both amounts and both leg ids under `metadata.conversion`.
 */
export function conversion(
  request: ConversionRequest,
): Result<readonly [TransferInput, TransferInput], ConversionError> {
  const from = parseCurrency(request.from.currency);
  const to = parseCurrency(request.to.currency);
  if (from.isErr() || to.isErr()) return err(conversionError('currency_invalid'));
  if (from.value === to.value) return err(conversionError('same_currency'));
  if (typeof request.rate !== 'string' || !RATE_PATTERN.test(request.rate))
    return err(conversionError('rate_invalid'));
  const amount = request.from.amountMinor;
  if (typeof amount !== 'bigint' || amount < 1n || amount > MONEY_MAX_MINOR_UNITS)
    return err(conversionError('amount_invalid'));
  const fxFrom = request.fxAccounts[from.value];
  const fxTo = request.fxAccounts[to.value];
  if (typeof fxFrom !== 'string' || typeof fxTo !== 'string')
    return err(conversionError('fx_account_missing'));
  const converted = convertAmount(
    amount,
    request.rate,
    currencyExponent(from.value),
    currencyExponent(to.value),
    request.rounding ?? 'half_even',
  );
  if (converted === null) return err(conversionError('rate_invalid'));
  if (converted === 0n) return err(conversionError('converted_amount_zero'));
  if (converted > MONEY_MAX_MINOR_UNITS)
    return err(conversionError('converted_amount_exceeds_maximum'));
  const [sourceId, targetId] = request.ids;
  const metadata: JsonObject = {
    ...request.metadata,
    conversion: {
      rate: request.rate,
      fromCurrency: from.value,
      toCurrency: to.value,
      fromAmountMinor: amount.toString(),
      toAmountMinor: converted.toString(),
      legs: [sourceId, targetId],
    },
  };
  return ok([
    {
      id: sourceId,
      debitAccountId: request.from.accountId,
      creditAccountId: fxFrom,
      amountMinor: amount,
      currency: from.value,
      code: request.code,
      metadata,
      flags: { linked: true },
    },
    {
      id: targetId,
      debitAccountId: fxTo,
      creditAccountId: request.to.accountId,
      amountMinor: converted,
      currency: to.value,
      code: request.code,
      metadata,
    },
  ] as const);
}
