import type { AuditEntryError } from '@strongroom/audit';
import type { DomainError, StorageError, ValidationError } from '@strongroom/kernel';

/** Why a transaction of a command did not commit: the storage, or the audit leaf was refused. */
export type LedgerCommitError = StorageError | AuditEntryError;

/** A batch holds more events than one call may carry; nothing was written. */
export interface BatchTooLargeError extends DomainError<'ledger.batch_too_large'> {
  readonly events: number;
  readonly maximum: number;
}

/**
 * A linked chain needs more writes than one transaction of this storage can commit, and a chain
 * is never split across transactions (it would lose its all-or-nothing guarantee); nothing was
 * written. Shorten the chain or use a storage with a higher limit.
 */
export interface ChainTooLargeError extends DomainError<'ledger.chain_too_large'> {
  /** Position of the chain's first event in the batch. */
  readonly firstEvent: number;
  /** Events in the chain. */
  readonly events: number;
  /** Writes one transaction may carry on this storage. */
  readonly maximumWrites: number;
}

/**
 * A batch that needed several transactions committed only its first `committed` events; their
 * results are final (a retry with the same ids answers `exists`). The remaining events were not
 * written: send them again.
 */
export interface BatchIncompleteError<Result> extends DomainError<'ledger.batch_incomplete'> {
  readonly committed: number;
  readonly results: readonly Result[];
  readonly cause: LedgerCommitError;
}

/** An account the query names does not exist. */
export interface AccountNotFoundError extends DomainError<'ledger.account_not_found'> {
  readonly accountId: string;
}

/**
 * A query would have to read more history than one call may scan (see the query's doc comment
 * for its cost); nothing is wrong with the data.
 */
export interface HistoryTooLongError extends DomainError<'ledger.history_too_long'> {
  readonly maximum: number;
}

/** What a batch command can fail with as a whole (each event also has its own result). */
export type LedgerBatchError<Result> =
  | BatchTooLargeError
  | ChainTooLargeError
  | BatchIncompleteError<Result>
  | LedgerCommitError;

/** What a single-event command can fail with (its outcome is otherwise in its result). */
export type LedgerCommandError = ChainTooLargeError | LedgerCommitError;

/** What a query can fail with. */
export type LedgerQueryError =
  | ValidationError
  | AccountNotFoundError
  | HistoryTooLongError
  | StorageError;
