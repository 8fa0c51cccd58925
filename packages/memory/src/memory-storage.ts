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
  const storage = createStorage(driver, options);
  tenantsOf.set(storage, tenants);
  return storage;
}

// Each memory storage's tenant maps, for dumpMemoryStorage: the layer below the port.
const tenantsOf = new WeakMap<Storage, ReadonlyMap<TenantId, TenantState>>();

/** One stored row of a memory storage, exactly as held below the port. */
export interface MemoryStorageRow {
  readonly tenantId: TenantId;
  readonly kind: 'record' | 'outbox';
  readonly collection: string;
  readonly id: string;
  readonly data: unknown;
}

/**
 * Every live record and outbox row of a memory storage, across tenants, bypassing the port: what
 * a heap dump of the process would show. Tests use it to prove what is (not) stored in clear.
 */
export function dumpMemoryStorage(storage: Storage): readonly MemoryStorageRow[] {
  const tenants = tenantsOf.get(storage);
  assert(tenants !== undefined, 'dumpMemoryStorage needs a storage made by createMemoryStorage');
  const rows: MemoryStorageRow[] = [];
  for (const [tenantId, state] of tenants) {
    for (const record of state.records.values()) {
      if (record.version === 0) continue;
      const { collection, id, data } = record;
      rows.push({ tenantId, kind: 'record', collection, id, data });
    }
    for (const event of state.outbox.values()) {
      rows.push({ tenantId, kind: 'outbox', collection: 'outbox', id: event.id, data: event });
    }
  }
  return rows;
}
