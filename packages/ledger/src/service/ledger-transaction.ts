import type { TransactionOptions } from '@strongroom/kernel';

/**
 * Attempts a ledger command may take before it reports `storage.conflict`. At READ COMMITTED the
 * writers of a hot account queue on its row lock rather than abort, but a command still runs again
 * when a versioned write or an insert meets a concurrent change (a pending transfer resolved, the
 * same id created or burned, a deadlock between two lock orders), and under the optimistic
 * adapters every concurrent change of a read record aborts; with the storage's jittered backoff
 * capped at 200 ms, 50 attempts bound a command to a few seconds.
 */
export const LEDGER_COMMAND_ATTEMPTS_MAX = 50;

/*
 * Why every ledger command is safe at READ COMMITTED. A READ COMMITTED transaction sees each read
 * as of that statement, so a read that decides a write is only safe if a concurrent change of what
 * it read makes this transaction (or the other) fail: either the record is locked by the read, or
 * the write is conditional on the version read (a changed version is a conflict and the command
 * runs again), or the write is an insert whose key a racing writer inserts too. Checked reads:
 *
 * - Accounts (loaded-state.ts `loadAccounts`, for commands, the sweep and `createAccounts`): read
 *   with `{ lock: true }` (FOR UPDATE), so balances, status and the entry sequence cannot change
 *   until commit; rewrites are versioned as well. An absent account takes no lock: a transfer that
 *   names it fails (`*_account_not_found`) and burns its id, the same as if it ran before the
 *   account's creation; `createAccounts` inserts it (a racing creation collides on the key).
 * - Transfers, journal entries and burned ids (`loadMovements`): one unlocked read of
 *   `ledger.transfers/<id>`. Creating an id and burning it both insert THAT key (burned ids are
 *   records of kind `burned` there, see BURNED_RECORD_KIND; they used to live in their own
 *   collection, so a create and a burn of one id could both commit), so two commands deciding one
 *   id collide. Answers that write nothing (`exists`, `id_already_failed`, refused input) read a
 *   committed record, which no command deletes or rewrites except as below.
 * - Pending transfers posted, voided or expired: rewritten conditional on the version read, so a
 *   concurrent resolution makes one of them conflict. A failure to resolve (wrong amount, already
 *   resolved) writes nothing to the pending record and burns only the new id: equivalent to running
 *   before the other resolution.
 * - The expiry index (write-changes.ts `removeExpiry`, sweep-expired.ts listing): deletes are
 *   conditional on the version read; an index record found gone means a sweep expired the pending
 *   transfer, whose versioned rewrite then fails this command's commit.
 * - Statement lines, the transfer log, the outbox and audit leaves: inserts at fresh keys (a
 *   sequence taken from the locked account, a commit stamp, a new id), a collision is a conflict.
 * - Queries, lookups and statements run in their own default (SERIALIZABLE) transactions.
 */

/**
 * The transaction options of every ledger command: the retry budget above and READ COMMITTED, for
 * which the command path qualifies (see the checked reads above): on Postgres, commands on one hot
 * account wait for its row lock and go on with the balances it returns instead of being aborted
 * at commit as under SERIALIZABLE. Memory and DynamoDB stay optimistic and ignore the setting.
 */
export const LEDGER_COMMAND_TRANSACTION: TransactionOptions = {
  maxAttempts: LEDGER_COMMAND_ATTEMPTS_MAX,
  isolation: 'read_committed',
};
