import { type AccountType, normalSideOf } from '../model/account.js';
import type { Balances } from '../model/balances.js';

/** An account's balances read from its normal side (see `normalSideOf`). */
export interface NetBalance {
  /** Posted credits minus posted debits (credit-normal), or the reverse (debit-normal). */
  readonly postedMinor: bigint;
  /**
   * The posted net minus the holds that would lower it: what the account can still give. Pending
   * amounts in its favour never count (TigerBeetle's rule: pending credits are not funds).
   */
  readonly availableMinor: bigint;
}

/** Reads balances from the normal side of an account type. */
export function netBalance(type: AccountType, balances: Balances): NetBalance {
  if (normalSideOf(type) === 'credit') {
    const postedMinor = balances.creditsPosted - balances.debitsPosted;
    return { postedMinor, availableMinor: postedMinor - balances.debitsPending };
  }
  const postedMinor = balances.debitsPosted - balances.creditsPosted;
  return { postedMinor, availableMinor: postedMinor - balances.creditsPending };
}
