import type { Account } from '../model/account.js';
import type { Balances } from '../model/balances.js';
import type { JournalEntry, PostingSide } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import type { FailedEvent } from './ledger-state.js';

/**
 * What a statement line records: `posted` (a single-phase transfer), `pending` (a hold),
 * `pending_posted` (a hold posted, fully or partly; the rest released), `pending_released` (a hold
 * voided) and `expired` (a hold released by its timeout).
 */
export type AccountEntryKind =
  | 'pending'
  | 'posted'
  | 'pending_released'
  | 'pending_posted'
  | 'expired';

/** One line of an account statement: the change and the balances after it. */
export interface AccountEntry {
  /** The account. */
  readonly accountId: string;
  /** Per account, gap-free from 1: `account.entryCount` before the entry, plus one. */
  readonly sequence: number;
  /** The transfer or journal entry (for an expiry: the pending one) that made the change. */
  readonly transferId: string;
  /** Which side of the account moved. */
  readonly side: PostingSide;
  /** What happened. */
  readonly kind: AccountEntryKind;
  /**
   * The amount of the event: posted or held amount; for `pending_posted` the amount posted, for
   * `pending_released` and `expired` the amount released. `balancesAfter` shows the full effect.
   */
  readonly amountMinor: bigint;
  /** The account's balances right after this entry. */
  readonly balancesAfter: Balances;
  /** Effective time of the event (for an expiry: the moment the hold expired). */
  readonly effectiveAt: Date;
  /** When the ledger recorded it. */
  readonly insertedAt: Date;
  /** Commit-order stamp of the event. */
  readonly timestamp: bigint;
}

/**
 * Everything one execution changed, for the service to write in one transaction. Records created
 * and then changed within the same execution appear once, in their final state, in the created
 * lists only; `updated*` lists hold records that existed before the execution.
 */
export interface LedgerChanges {
  /** New state of every touched account, by id. */
  readonly accounts: ReadonlyMap<string, Account>;
  /** Created transfers (incl. post and void records), in commit order. */
  readonly transfers: readonly Transfer[];
  /** Pre-existing pending transfers whose `pendingStatus` changed. */
  readonly updatedTransfers: readonly Transfer[];
  /** Created journal entries, in commit order. */
  readonly journals: readonly JournalEntry[];
  /** Pre-existing pending journal entries whose `pendingStatus` changed. */
  readonly updatedJournals: readonly JournalEntry[];
  /** Ids burned by transient failures in this execution. */
  readonly failedIds: readonly FailedEvent[];
  /** Statement lines, in commit order: one per account touched by each successful event. */
  readonly entries: readonly AccountEntry[];
}
