import type { TransactionOptions } from '@strongroom/kernel';

/**
 * Attempts a ledger command may take before it reports `storage.conflict`. Commands on shared
 * accounts conflict by design (a hot account's writers queue on its lock and SERIALIZABLE aborts
 * all but one), so they get a larger budget than the storage default of 10: with its jittered
 * backoff capped at 200 ms, 50 attempts bound a command to a few seconds.
 */
export const LEDGER_COMMAND_ATTEMPTS_MAX = 50;

/** The transaction options of every ledger command. */
export const LEDGER_COMMAND_TRANSACTION: TransactionOptions = {
  maxAttempts: LEDGER_COMMAND_ATTEMPTS_MAX,
};
