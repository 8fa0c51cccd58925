import type { DisputeNetwork } from '../lifecycle/dispute-data.js';

/** The network or provider fee a chargeback costs the merchant, in the dispute's currency. */
export interface DisputeFee {
  /** Minor units, charged once per dispute with its first withdrawal; 0n for none. */
  readonly amountMinor: bigint;
  /** Whether the fee comes back when the merchant wins (Stripe's older policy; see reference §4). */
  readonly refundableOnWin: boolean;
}

/**
 * The fee of a chargeback by network and currency. Fees differ by provider, region and contract
 * (Stripe's US dispute fee is reported as $15, reference/disputes.md §4, secondary source), so
 * the SDK ships none: the host supplies its own.
 */
export type DisputeFeeSchedule = (network: DisputeNetwork, currency: string) => DisputeFee;

/** The schedule of a host that books no fees. */
export const NO_DISPUTE_FEES: DisputeFeeSchedule = () => ({
  amountMinor: 0n,
  refundableOnWin: false,
});
