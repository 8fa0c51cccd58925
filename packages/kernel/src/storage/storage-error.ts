import type { DomainError } from '../errors/domain-error.js';
import type { InfrastructureError } from '../errors/infrastructure-error.js';

/**
 * Concurrent transactions kept invalidating this one's reads until the retry budget ran out.
 * Nothing was written; the command may be sent again.
 */
export interface TransactionConflictError extends DomainError<'storage.conflict'> {
  readonly attempts: number;
}

/**
 * A write named a version the transaction does not see (a stale `If-Match`, a bug). Retrying
 * cannot help, so the transaction is rolled back at once.
 */
export interface VersionMismatchError extends DomainError<'storage.version_mismatch'> {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
  /** The version the transaction sees; 0 when the record does not exist. */
  readonly actualVersion: number;
}

/** What a transaction may hold at most on an adapter; see {@link StorageLimits}. */
export type StorageLimitName =
  | 'writes_per_transaction'
  | 'bytes_per_transaction'
  | 'bytes_per_record';

/** A transaction tried to write more than the adapter can commit at once; nothing was written. */
export interface LimitExceededError extends DomainError<'storage.limit_exceeded'> {
  readonly limit: StorageLimitName;
  readonly maximum: number;
  readonly attempted: number;
}

/**
 * `storage.transaction` was called from inside a function it was already running for the same
 * storage. Strongroom has no nested transactions: an inner one would commit independently of the
 * outer one (breaking atomicity) or wait on it forever (a single-connection or single-writer
 * store), so it is refused before anything runs. Pass the outer `tx` down instead.
 */
export interface NestedTransactionError extends DomainError<'storage.nested_transaction'> {}

/** Every error the storage itself can return. */
export type StorageError =
  | TransactionConflictError
  | VersionMismatchError
  | LimitExceededError
  | NestedTransactionError
  | InfrastructureError;
