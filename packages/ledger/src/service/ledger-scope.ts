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
import { type CommandSlice, executeTransferSlices } from './commit-transfers.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { LedgerRequestContext } from './ledger-context.js';
import type { LedgerCommitError } from './ledger-error.js';
import { readAccounts, readMovements } from './lookups.js';
import { isLinked } from './plan-transactions.js';
import { parseIds } from './read-helpers.js';

/** Most ledger events one joined command carries: postings of one command, not a batch. */
export const LEDGER_SCOPE_EVENTS_MAX = 16;

/** Most commands one joined call carries: the commands of one group commit of the caller's. */
export const LEDGER_SCOPE_COMMANDS_MAX = 256;

/** One caller command's postings in a joined call: its events and its request context. */
export interface JoinedTransferCommand {
  readonly events: readonly LedgerEvent[];
  readonly context?: LedgerRequestContext;
}

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
  /**
   * Executes the postings of up to {@link LEDGER_SCOPE_COMMANDS_MAX} caller commands (each as
   * {@link createTransfers} takes them) as ONE execution: one read of every account and id they
   * name and one write of every change, where a call per command would read and write the shared
   * accounts once each. Each command keeps its own audit leaf and its own results, and sees the
   * commands before it as if they had run first. Answers one result list per command, in order.
   */
  createTransferCommands(
    commands: readonly JoinedTransferCommand[],
  ): Promise<Result<TransferResult[][], LedgerCommitError>>;
  /** Accounts by id, `null` for unknown ones. */
  lookupAccounts(ids: readonly string[]): Promise<Result<(Account | null)[], ValidationError>>;
  /** Transfers and journal entries by id, `null` for unknown ones. */
  lookupMovements(
    ids: readonly string[],
  ): Promise<Result<(StoredMovement | null)[], ValidationError>>;
}

// One caller command as the slice of its own events: checked here, since the caller owns them.
function joinedSlice(dependencies: LedgerDependencies) {
  return ({ events, context = {} }: JoinedTransferCommand): CommandSlice => {
    assert(
      events.length >= 1 && events.length <= LEDGER_SCOPE_EVENTS_MAX,
      `a joined ledger command carries 1 to ${LEDGER_SCOPE_EVENTS_MAX} events`,
    );
    const last = events.at(-1);
    assert(
      last !== undefined && !isLinked(last.kind === 'transfer' ? last.transfer : last.journal),
      'a joined ledger command closes every chain it opens',
    );
    const command = {
      id: dependencies.ids.next('bat'),
      name: 'create_transfers',
      events,
      context,
    } as const;
    return { command, start: 0, end: events.length };
  };
}

/** Builds the {@link LedgerScope} of one transaction. */
export function ledgerScope(dependencies: LedgerDependencies, tx: StorageTransaction): LedgerScope {
  const createTransferCommands: LedgerScope['createTransferCommands'] = (commands) => {
    assert(
      commands.length >= 1 && commands.length <= LEDGER_SCOPE_COMMANDS_MAX,
      `a joined ledger call carries 1 to ${LEDGER_SCOPE_COMMANDS_MAX} commands`,
    );
    return executeTransferSlices(dependencies, tx, commands.map(joinedSlice(dependencies)));
  };
  return {
    async createTransfers(events, context = {}) {
      const results = await createTransferCommands([{ events, context }]);
      if (results.isErr()) return err(results.error);
      return ok(results.value[0] ?? []);
    },
    createTransferCommands,
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
