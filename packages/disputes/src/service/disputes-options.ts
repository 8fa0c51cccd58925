import type { AuditLog } from '@strongroom/audit';
import type { EventStore } from '@strongroom/events';
import type { Clock, IdGenerator, Storage } from '@strongroom/kernel';
import type { Ledger } from '@strongroom/ledger';
import type { ReasonCodeCatalogue } from '../catalogue/reason-code-catalogue.js';
import type { DisputeAutoBatchOptions } from './dispute-auto-batch.js';
import type { DisputeFeeSchedule } from './dispute-fee-schedule.js';
import type { DisputeHouseAccountsByCurrency } from './dispute-house-accounts.js';

/** Where a provider's payment lives in the ledger: the transfer disputed and the merchant's account. */
export interface ResolvedPayment {
  readonly transferId: string;
  readonly merchantAccountId: string;
  /**
   * The payment's transaction date (ISO `YYYY-MM-DD`, UTC) from the host's own records. When
   * given it is the dispute's, over the provider's: Stripe sends none, so without it the date is
   * read from the charge or the dispute's creation, which can only be late, and windows anchored
   * on the transaction date would then end late too.
   */
  readonly transactionDate?: string;
}

/** How to build the dispute service. */
export interface DisputesOptions {
  readonly storage: Storage;
  /** The ledger the dispute's money moves in, inside the dispute's own transaction. */
  readonly ledger: Ledger;
  /** The audit log every command writes its leaf to. */
  readonly audit: AuditLog;
  /** The house accounts per currency: reserve, fees, losses. */
  readonly houseAccounts: DisputeHouseAccountsByCurrency;
  /** Fees per network and currency; default none. */
  readonly fees?: DisputeFeeSchedule;
  /** Reason codes and windows; default the shipped catalogue without overrides. */
  readonly catalogue?: ReasonCodeCatalogue;
  /** When reminders fire before a due date; default 7 days, 2 days and 24 hours. */
  readonly alertLeadTimesMs?: readonly number[];
  /**
   * Finds the ledger transfer and merchant account of a provider's payment id (Stripe `ch_…`,
   * Adyen `originalReference`), for notices about disputes the service has not seen; `undefined`
   * when unknown. Reads the host's own mapping: it must not write.
   */
  readonly resolvePayment?: (
    provider: string,
    paymentReference: string,
  ) => Promise<ResolvedPayment | undefined>;
  /**
   * Group commit of concurrent `execute` calls of a tenant in this process (see
   * `createDisputeAutoBatcher`); on by default, `false` gives every command a commit of its own.
   * Every dispute command of a currency locks the same reserve and fee accounts, so concurrent
   * commands queue on them one commit at a time; sharing commits is what the disputes benchmark
   * measures faster under load (32 at once on Postgres: about 2.2× the commands a second, p99
   * transitions 46 ms against 517 ms) and no slower alone.
   */
  readonly autoBatch?: DisputeAutoBatchOptions | false;
  readonly eventStore?: EventStore;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
}
