import type { DisputeCommand, DisputeOpening } from '../lifecycle/dispute-command.js';
import type { DistributiveOmit } from './distributive-omit.js';

/** A dispute command as a provider mapping produces it: the service fills in the dispute. */
export type ProviderCommand = DistributiveOmit<
  DisputeCommand,
  'disputeId' | 'occurredAt' | 'source'
>;

/**
 * The facts to open a dispute with when a provider's first notice about it arrives, minus the
 * ledger links: the service resolves `paymentReference` (the provider's charge or payment id) to
 * the contested transfer and the merchant's account through the host's `resolvePayment`.
 */
export type ProviderOpening = Omit<
  DisputeOpening,
  'transferId' | 'merchantAccountId' | 'providerReference'
> & {
  readonly paymentReference: string;
  /** Whether the dispute starts as an inquiry (no money moves) or as a chargeback. */
  readonly startsAs: 'inquiry' | 'chargeback' | 'prevented';
  /** Whether the first notice already debited the merchant (Stripe funds_withdrawn, Adyen CHARGEBACK). */
  readonly withdrawsFunds: boolean;
};

/**
 * One provider webhook, normalized: which dispute, which notice (for duplicate detection), when,
 * what to open the dispute with if it is new, and the commands it means, in order (possibly
 * none: an informational notice). A dispute not seen before is opened from `opening` and then
 * given the same commands, which are written to be harmless where the opening already did their
 * work. `final` is the provider's final word.
 */
export interface ProviderNotification {
  readonly provider: string;
  readonly providerDisputeId: string;
  /** Unique per notice: the provider's event id (Stripe `evt_…`, Adyen `pspReference` + event code + date). */
  readonly notificationId: string;
  /** ISO 8601 instant of the notice. */
  readonly occurredAt: string;
  /**
   * What to open the dispute with if it is new; `null` for a notice that must not open one (an
   * Adyen fraud alert is not a dispute, issuer comments say nothing about the stage).
   */
  readonly opening: ProviderOpening | null;
  readonly commands: readonly ProviderCommand[];
  readonly final?: 'won' | 'lost';
}
