import type { Balances } from '../model/balances.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import type { TransferStatus } from '../model/transfer-status.js';

/** The balances of one account after an event. */
export interface AccountBalances {
  /** The account. */
  readonly accountId: string;
  /** Its balances after the event. */
  readonly balances: Balances;
}

/** The result of one transfer or journal-entry event, in the order of the events. */
export interface TransferResult {
  /** The event's id as sent (`''` when it sent none). */
  readonly id: string;
  /** `created`, `exists` or the failure of highest precedence. */
  readonly status: TransferStatus;
  /** The event's commit stamp; for `exists` the original one. */
  readonly timestamp: bigint;
  /** The transfer created (or found, for `exists`); `null` for journals and failures. */
  readonly transfer: Transfer | null;
  /** The journal entry created (or found, for `exists`); `null` for transfers and failures. */
  readonly journal: JournalEntry | null;
  /** Debit account balances after a transfer (current ones for `exists`); else `null`. */
  readonly debitAccount: Balances | null;
  /** Credit account balances after a transfer (current ones for `exists`); else `null`. */
  readonly creditAccount: Balances | null;
  /** Balances after the event of every account it touched (journal postings in their order). */
  readonly accounts: readonly AccountBalances[];
}
