import {
  assert,
  type Storage,
  type StorageLimits,
  type StorageTransaction,
  type TenantId,
  type TransactionFunction,
} from '@strongroom/kernel';
import {
  type CreateStorageOptions,
  createStorage,
  type StorageDriver,
} from '@strongroom/kernel/adapter';
import { commitUnitOfWork, validateReads } from './commit-unit-of-work.js';
import { assertDynamoDbLimits, DYNAMODB_DEFAULT_LIMITS } from './dynamodb-limits.js';
import { type DynamoDbTable, isValidTableName } from './dynamodb-table.js';
import { DynamoDbOutboxStore } from './outbox-store.js';
import { DynamoDbRecordStore } from './record-store.js';
import { UnitOfWork } from './unit-of-work.js';

/** Options for {@link createDynamoDbStorage}. */
export interface DynamoDbStorageOptions extends DynamoDbTable, CreateStorageOptions {
  /** Lower limits than DynamoDB's (never higher): see {@link DYNAMODB_DEFAULT_LIMITS}. */
  readonly limits?: Partial<StorageLimits>;
}

/**
 * Storage on one DynamoDB table (create it with `ensureTable`). Transactions are optimistic: reads
 * are strongly consistent and recorded, writes are buffered, and the commit is one
 * `TransactWriteItems` conditional on every record read; a failed condition runs the function
 * again. `close()` stops new transactions; the caller owns the client and destroys it.
 */
export function createDynamoDbStorage(options: DynamoDbStorageOptions): Storage {
  assert(isValidTableName(options.tableName), 'table names are 3-255 of [A-Za-z0-9_.-]');
  const limits: StorageLimits = { ...DYNAMODB_DEFAULT_LIMITS, ...options.limits };
  assertDynamoDbLimits(limits);
  const table: DynamoDbTable = { client: options.client, tableName: options.tableName };
  let closed = false;

  const driver: StorageDriver<StorageTransaction> = {
    name: 'dynamodb',
    limits,
    capabilities: { concurrentTransactions: true },
    async attempt<T, E>(tenantId: TenantId, fn: TransactionFunction<StorageTransaction, T, E>) {
      assert(!closed, 'DynamoDB storage is used after close()');
      const unit = new UnitOfWork(table, tenantId, limits);
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn({
          tenantId,
          records: new DynamoDbRecordStore(unit),
          outbox: new DynamoDbOutboxStore(unit),
        });
      } finally {
        unit.end();
      }
      if (result.isOk()) await commitUnitOfWork(unit);
      else await validateReads(unit);
      return result;
    },
    async close() {
      closed = true;
    },
  };
  return createStorage(driver, options.retry === undefined ? {} : { retry: options.retry });
}
