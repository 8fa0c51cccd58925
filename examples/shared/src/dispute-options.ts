import { currencyExponent, parseCurrency } from '@strongroom/kernel';
import type { StrongroomDisputesOptions } from '@strongroom/sdk';
import type { HouseAccountsByCurrency } from './house-accounts.js';

/** The network fee of a chargeback, in major units of its currency (Stripe charges 15.00). */
const DISPUTE_FEE_MAJOR_UNITS = 15n;

/**
 * The examples' dispute settings: group commit, the house accounts of each configured currency,
 * and a 15.00 chargeback fee that is not refunded on a win. Disputes in another currency are
 * refused by the engine (it has no reserve to move their money to).
 */
export function exampleDisputeOptions(
  houseAccounts: HouseAccountsByCurrency,
): StrongroomDisputesOptions {
  return {
    houseAccounts: (currency) => houseAccounts.get(currency),
    fees: (_network, currency) => {
      const parsed = parseCurrency(currency);
      const amountMinor = parsed.isOk()
        ? DISPUTE_FEE_MAJOR_UNITS * 10n ** BigInt(currencyExponent(parsed.value))
        : 0n;
      return { amountMinor, refundableOnWin: false };
    },
  };
}
