import { err, ok, parseCurrency, type Result } from '@strongroom/kernel';
import type { DisputeAmount } from '../lifecycle/dispute-data.js';
import { type ProviderPayloadError, providerPayloadError } from './provider-payload-error.js';

/**
 * The disputed amount of a provider payload: minor units (already a positive safe integer, the
 * schemas check that) as a decimal string, and a listed ISO 4217 currency. Both providers send
 * minor units (Stripe `amount`, Adyen `amount.value`; reference/disputes.md §4–5).
 */
export function providerAmount(
  provider: string,
  amountMinor: number,
  currency: string,
  currencyField: string,
): Result<DisputeAmount, ProviderPayloadError> {
  const parsed = parseCurrency(currency);
  if (parsed.isErr()) return err(providerPayloadError(provider, currencyField, 'unknown_currency'));
  return ok({ amountMinor: BigInt(amountMinor).toString(), currency: parsed.value });
}
