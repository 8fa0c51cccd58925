import type { Account } from '../model/account.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { Transfer } from '../model/transfer.js';
import type { TransferStatus } from '../model/transfer-status.js';

/** An id burned by a transient failure: any later event with it answers `id_already_failed`. */
export interface FailedEvent {
  /** The transfer or journal-entry id. */
  readonly id: string;
  /** The transient failure that burned it (one of `TRANSIENT_TRANSFER_STATUSES`). */
  readonly status: TransferStatus;
  /** The timestamp of the failed event. */
  readonly timestamp: bigint;
}

/**
 * What the engine reads. The service loads it before executing: first every id from
 * `referencedIds(events)`, then the accounts of the pending transfers found, from
 * `pendingAccountIds(events, state)`. An id that is not loaded reads as absent, so everything an
 * event names must be loaded for a correct answer.
 */
export interface LedgerStateReader {
  /** The account, or `undefined` if it does not exist. */
  account(id: string): Account | undefined;
  /** The transfer (not journal entry) with this id, or `undefined`. */
  transfer(id: string): Transfer | undefined;
  /** The journal entry with this id, or `undefined`. */
  journal(id: string): JournalEntry | undefined;
  /** The burned id, or `undefined` if the id never failed transiently. */
  failedId(id: string): FailedEvent | undefined;
}
