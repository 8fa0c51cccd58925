import {
  assert,
  err,
  ok,
  type Result,
  type StorageTransaction,
  type ValidationError,
} from '@strongroom/kernel';
import type { LedgerEvent } from '../engine/ledger-event.js';
import type { TransferResult } from '../engine/transfer-result.js';
import type { Account } from '../model/account.js';
import type { StoredMovement } from '../store/transfer-record.js';
import { executeTransferSlices, type TransferCommand } from './commit-transfers.js';
import { type LedgerDependencies, mintCommandId } from './ledger-audit.js';
import type { LedgerRequestContext } from './ledger-context.js';
import type { LedgerCommitError } from './ledger-error.js';
import { readAccounts, readMovements } from './lookups.js';
import { isLinked } from './plan-transactions.js';
import { parseIds } from './read-helpers.js';

/** Most ledger events one joined call carries: postings of one command, not a batch. */
export const LEDGER_SCOPE_EVENTS_MAX = 16;

/**
 * The ledger inside a transaction another command runs, so that its money moves commit or roll
 * back with that command's own records (a dispute's event and its postings: they can never
 * disagree). The caller's transaction must be safe for ledger commands: SERIALIZABLE, or READ
 * COMMITTED with the ledger's locking reads (see `LEDGER_COMMAND_TRANSACTION`).
 */
export interface LedgerScope {
  /** Executes up to {@link LEDGER_SCOPE_EVENTS_MAX} events, one result each, with one audit leaf. */
  createTransfers(
    events: readonly LedgerEvent[],
    context?: LedgerRequestContext,
  ): Promise<Result<TransferResult[], LedgerCommitError>>;
  /** Accounts by id, `null` for unknown ones. */
  lookupAccounts(ids: readonly string[]): Promise<Result<(Account | null)[], ValidationError>>;
  /** Transfers and journal entries by id, `null` for unknown ones. */
  lookupMovements(
    ids: readonly string[],
  ): Promise<Result<(StoredMovement | null)[], ValidationError>>;
}

/** Builds the {@link LedgerScope} of one transaction. */
export function ledgerScope(dependencies: LedgerDependencies, tx: StorageTransaction): LedgerScope {
  return {
    async createTransfers(events, context = {}) {
      assert(
        events.length >= 1 && events.length <= LEDGER_SCOPE_EVENTS_MAX,
        `a joined ledger call carries 1 to ${LEDGER_SCOPE_EVENTS_MAX} events`,
      );
      const last = events.at(-1);
      assert(
        last !== undefined && !isLinked(last.kind === 'transfer' ? last.transfer : last.journal),
        'a joined ledger call closes every chain it opens',
      );
      const command: TransferCommand = {
        id: mintCommandId(dependencies.ids),
        name: 'create_transfers',
        events,
        context,
      };
      const results = await executeTransferSlices(dependencies, tx, [
        { command, start: 0, end: events.length },
      ]);
      if (results.isErr()) return err(results.error);
      return ok(results.value[0] ?? []);
    },
    async lookupAccounts(ids) {
      const parsed = parseIds('acc', ids);
      if (parsed.isErr()) return err(parsed.error);
      return ok(await readAccounts(tx, parsed.value));
    },
    async lookupMovements(ids) {
      const parsed = parseIds('trf', ids);
      if (parsed.isErr()) return err(parsed.error);
      return ok(await readMovements(tx, parsed.value));
    },
  };
}
