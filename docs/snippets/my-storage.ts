import {
  infrastructureError,
  type OutboxStore,
  type RecordStore,
  type Result,
  type Storage,
  type StorageLimits,
  type StorageTransaction,
  type TenantId,
  type TransactionFunction,
  type TransactionIsolation,
} from '@strongroom/kernel';
import {
  type CreateStorageOptions,
  createStorage,
  type StorageDriver,
  StorageFailure,
} from '@strongroom/kernel/adapter';

/**
 * One attempt of one transaction on your database: a record store and an outbox that see the
 * attempt's own writes, and a commit that applies all of them or none.
 */
export interface MyUnitOfWork {
  readonly records: RecordStore;
  readonly outbox: OutboxStore;
  /** Applies every write at once; throws `conflict()` when a read was invalidated meanwhile. */
  commit(): Promise<void>;
  /** Ends the attempt and writes nothing. */
  discard(): Promise<void>;
}

/** Your database's client, as much of it as the adapter needs. */
export interface MyDatabase {
  /** Opens an attempt that sees only `tenantId`'s data and charges its writes to `limits`. */
  begin(
    tenantId: TenantId,
    isolation: TransactionIsolation,
    limits: StorageLimits,
  ): Promise<MyUnitOfWork>;
  /** Whether a fault of this client (a dropped connection, throttling) may pass on a retry. */
  isRetryable(fault: unknown): boolean;
  close(): Promise<void>;
}

/** What one transaction may write: checked before anything reaches the database. */
export const MY_STORAGE_LIMITS: StorageLimits = {
  writesPerTransaction: 1_000,
  bytesPerTransaction: 4 * 1024 * 1024,
  bytesPerRecord: 400 * 1024,
};

/** The storage port on your database; `createStorage` adds retries, backoff and nesting checks. */
export function createMyStorage(database: MyDatabase, options: CreateStorageOptions = {}): Storage {
  // A driver fault becomes a typed infrastructure error. Its own message may quote parameters or
  // row data, so none of it is kept.
  async function guarded<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (fault) {
      if (fault instanceof StorageFailure) throw fault;
      throw new StorageFailure(
        infrastructureError({
          retryable: database.isRetryable(fault),
          operation,
          message: `my-database: ${operation} failed`,
        }),
      );
    }
  }

  const driver: StorageDriver<StorageTransaction> = {
    name: 'my-database',
    limits: MY_STORAGE_LIMITS,
    capabilities: { concurrentTransactions: true },
    async attempt<T, E>(
      tenantId: TenantId,
      fn: TransactionFunction<StorageTransaction, T, E>,
      isolation: TransactionIsolation,
    ): Promise<Result<T, E>> {
      const unit = await guarded('begin', () =>
        database.begin(tenantId, isolation, MY_STORAGE_LIMITS),
      );
      let result: Result<T, E>;
      try {
        result = await fn({ tenantId, records: unit.records, outbox: unit.outbox });
      } catch (thrown) {
        await unit.discard();
        throw thrown;
      }
      if (result.isOk()) await guarded('commit', () => unit.commit());
      else await unit.discard();
      return result;
    },
    close: () => database.close(),
  };
  return createStorage(driver, options);
}
