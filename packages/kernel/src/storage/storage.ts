import type { Result, ResultAsync } from 'neverthrow';
import type { TenantId } from '../tenant/tenant-id.js';
import type { OutboxStore } from './outbox.js';
import type { RecordStore } from './records.js';
import type { StorageError } from './storage-error.js';

/** What one transaction of one tenant can reach. Domain packages add their ports beside these. */
export interface StorageTransaction {
  readonly tenantId: TenantId;
  readonly records: RecordStore;
  readonly outbox: OutboxStore;
}

/**
 * The body of a transaction. It returns `ok` to commit or `err` to roll back; a throw also rolls
 * back and is rethrown. It may run more than once (after a conflict), so it must not reach
 * outside the transaction: no network calls, no clock reads whose result must match a retry.
 */
export type TransactionFunction<Tx, T, E> = (tx: Tx) => Promise<Result<T, E>>;

/** Per-call options for {@link Storage.transaction}. */
export interface TransactionOptions {
  /** Overrides the adapter's retry budget for this call; 1 means no retry. */
  readonly maxAttempts?: number;
  /**
   * `read_committed` is for functions that read for update (`getMany(…, { lock: true })`) every
   * record they rewrite, and insert the rest. A database with row locks (Postgres) then runs the
   * transaction at READ COMMITTED: writers of a hot record queue on its lock and go on with the
   * version the lock returns, instead of being aborted and retried as under SERIALIZABLE. A
   * conditional write or insert that meets another version is then reported as a conflict (the
   * function runs again), since it cannot be told from a concurrent change. Optimistic adapters
   * (memory, DynamoDB) keep validating every read at commit. Default `serializable`.
   */
  readonly isolation?: TransactionIsolation;
}

/** See {@link TransactionOptions.isolation}. */
export type TransactionIsolation = 'serializable' | 'read_committed';

/** How much one transaction may write on an adapter; checked before anything is committed. */
export interface StorageLimits {
  /** Record puts, deletes and outbox events together (DynamoDB: 100 minus items only read). */
  readonly writesPerTransaction: number;
  /** Serialized bytes of everything written (DynamoDB: 4 MB). */
  readonly bytesPerTransaction: number;
  /** Serialized bytes of one record body or event (DynamoDB: 400 KB per item). */
  readonly bytesPerRecord: number;
}

/** What an adapter can and cannot do, so suites and callers can tell without guessing. */
export interface StorageCapabilities {
  /**
   * Whether two transactions can be open at once. False for a single-connection engine such as
   * PGlite, where transactions queue and conflicts therefore cannot occur.
   */
  readonly concurrentTransactions: boolean;
  /**
   * Whether concurrent callers gain from sharing one transaction: true where every transaction
   * costs round trips and a commit on a database server (Postgres). The kernel's read coalescer,
   * storage idempotency store and storage rate limiter, and identity's storage revocation list,
   * then answer the concurrent calls of a tenant together.
   * Default false, and right for process memory, where a transaction costs less than gathering its
   * callers, for PGlite, where sharing measured no gain, and for DynamoDB, whose commit re-checks a
   * transaction's reads with condition checks billed as writes: a shared read would pay write
   * capacity for every record it read.
   */
  readonly sharedTransactions?: boolean;
}

/**
 * The storage port: one unit of work per command, for one tenant. Everything the function writes
 * commits together or not at all; its reads see one consistent state; a write based on a read
 * that another transaction changed makes the adapter run the function again, within a bounded
 * budget with jittered backoff, and then report `storage.conflict`.
 */
export interface Storage<Tx extends StorageTransaction = StorageTransaction> {
  /** Which adapter this is, for logs and test names (`memory`, `postgres`, `pglite`, `dynamodb`). */
  readonly name: string;
  readonly limits: StorageLimits;
  readonly capabilities: StorageCapabilities;
  /** Runs `fn` as one transaction for `tenantId`. */
  transaction<T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<Tx, T, E>,
    options?: TransactionOptions,
  ): ResultAsync<T, E | StorageError>;
  /** Releases connections and timers; the storage cannot be used afterwards. */
  close(): Promise<void>;
}
