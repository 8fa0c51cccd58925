import {
  type Clock,
  errAsync,
  infrastructureError,
  type Storage,
  type StorageError,
  type StorageTransaction,
  type TransactionFunction,
  type TransactionOptions,
} from '@strongroom/kernel';
import type { StoreUnderTest, TimedStoreBackend } from '../src/timed-store/timed-store-backend.js';
import { BACKENDS } from './backends.js';

/**
 * Every storage backend as a backend of a store built on the storage port (a rate limiter, a
 * cache, a revocation list). Breaking the store makes every later transaction fail as a lost
 * database would, with a retryable infrastructure error.
 */
export function storageStoreBackends<Port extends object>(
  build: (storage: Storage, clock: Clock) => Port,
): TimedStoreBackend<Port & StoreUnderTest>[] {
  return BACKENDS.map((backend) => ({
    name: backend.name,
    async create({ clock }) {
      const created = await backend.create();
      let broken = false;
      const storage: Storage = {
        name: created.storage.name,
        limits: created.storage.limits,
        capabilities: created.storage.capabilities,
        transaction<T, E>(
          tenantId: Parameters<Storage['transaction']>[0],
          fn: TransactionFunction<StorageTransaction, T, E>,
          options?: TransactionOptions,
        ) {
          if (!broken) return created.storage.transaction(tenantId, fn, options);
          return errAsync<T, E | StorageError>(
            infrastructureError({
              retryable: true,
              operation: 'testkit.broken_storage',
              message: 'the test broke this storage',
            }),
          );
        },
        close: () => created.storage.close(),
      };
      return {
        ...build(storage, clock),
        dispose: () => created.dispose(),
        async breakStore() {
          broken = true;
        },
      };
    },
  }));
}
