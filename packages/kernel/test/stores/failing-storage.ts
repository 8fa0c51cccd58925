import { errAsync, ResultAsync } from 'neverthrow';
import type { Storage } from '../../src/storage/storage.js';
import type { StorageError } from '../../src/storage/storage-error.js';

/** A storage whose every transaction ends in `outcome` without running its function. */
export interface FailingStorage extends Storage {
  /** Transactions asked for so far. */
  readonly transactions: number;
}

/**
 * A storage that fails: with a storage error as a result, or with a thrown error (a bug below
 * the port), so that stores can be shown to map the first and never to swallow the second.
 */
export function failingStorage(outcome: StorageError | Error): FailingStorage {
  let transactions = 0;
  return {
    name: 'failing',
    limits: { writesPerTransaction: 100, bytesPerTransaction: 1_000_000, bytesPerRecord: 400_000 },
    capabilities: { concurrentTransactions: true },
    get transactions() {
      return transactions;
    },
    transaction<T, E>() {
      transactions += 1;
      if (outcome instanceof Error) {
        return new ResultAsync<T, E | StorageError>(Promise.reject(outcome));
      }
      return errAsync<T, E | StorageError>(outcome);
    },
    close: async () => {},
  };
}
