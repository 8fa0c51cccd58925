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
import { MemoryTransaction } from './memory-transaction.js';
import { TenantState } from './tenant-state.js';

/** The memory adapter's default limits: the same as Postgres, so tests catch oversized commands. */
export const MEMORY_DEFAULT_LIMITS: StorageLimits = {
  writesPerTransaction: 1000,
  bytesPerTransaction: 4 * 1024 * 1024,
  bytesPerRecord: 400 * 1024,
};

/** Options for {@link createMemoryStorage}. */
export interface MemoryStorageOptions extends CreateStorageOptions {
  readonly limits?: Partial<StorageLimits>;
}

/**
 * Storage in process memory, with the same contract as the database adapters: snapshot reads,
 * optimistic validation at commit and retries on conflict, so code tested on memory meets the
 * same conflicts it will meet in production. Each tenant's data lives in its own map.
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): Storage {
  const limits: StorageLimits = { ...MEMORY_DEFAULT_LIMITS, ...options.limits };
  const tenants = new Map<TenantId, TenantState>();
  let closed = false;

  const driver: StorageDriver<StorageTransaction> = {
    name: 'memory',
    limits,
    capabilities: { concurrentTransactions: true },
    async attempt<T, E>(tenantId: TenantId, fn: TransactionFunction<StorageTransaction, T, E>) {
      assert(!closed, 'memory storage is used after close()');
      let state = tenants.get(tenantId);
      if (state === undefined) {
        state = new TenantState();
        tenants.set(tenantId, state);
      }
      const transaction = new MemoryTransaction(state, tenantId, limits);
      const result = await fn({
        tenantId,
        records: transaction.records,
        outbox: transaction.outbox,
      });
      if (result.isOk()) transaction.commit();
      return result;
    },
    async close() {
      closed = true;
      tenants.clear();
    },
  };
  return createStorage(driver, options);
}
