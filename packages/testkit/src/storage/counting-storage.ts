import type { Storage } from '@strongroom/kernel';

/** Transactions and attempts a storage has run, counted outside the code under test. */
export interface TransactionCounts {
  /** Calls of `storage.transaction` (each commits or fails once). */
  transactions: number;
  /** Runs of a transaction function: the first try plus every retry after a conflict. */
  attempts: number;
}

/**
 * `inner`, counting into `counts` every transaction it is asked for and every attempt it makes
 * (the adapter calls the function once per try), so a test or benchmark can tell how many
 * commits a piece of code took without looking inside it.
 */
export function countingStorage(inner: Storage, counts: TransactionCounts): Storage {
  return {
    name: inner.name,
    limits: inner.limits,
    capabilities: inner.capabilities,
    transaction(tenantId, fn, options) {
      counts.transactions += 1;
      return inner.transaction(
        tenantId,
        (tx) => {
          counts.attempts += 1;
          return fn(tx);
        },
        options,
      );
    },
    close: () => inner.close(),
  };
}
