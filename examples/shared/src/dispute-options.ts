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
    // Group commit: every dispute of a currency posts to the same house accounts, so concurrent
    // commands share a commit instead of queueing on those rows one commit at a time (`pnpm
    // bench`, the disputes part: transition p99 at 32 commands about 1 s alone, 0.1–0.15 s shared).
    autoBatch: {},
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
