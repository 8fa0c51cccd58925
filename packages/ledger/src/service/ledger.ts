import type { AuditLog } from '@strongroom/audit';
import {
  assert,
  type Clock,
  createRecordReadCoalescer,
  type IdGenerator,
  type Result,
  resolveIdGenerator,
  type Storage,
  type StorageError,
  type StorageTransaction,
  systemClock,
  type TenantId,
  type ValidationError,
} from '@strongroom/kernel';
import type { AccountResult } from '../engine/account-result.js';
import type { LedgerEvent } from '../engine/ledger-event.js';
import type { TransferResult } from '../engine/transfer-result.js';
import type { Account } from '../model/account.js';
import type { JournalEntry } from '../model/journal-entry.js';
import type { AccountInput } from '../model/ledger-input.js';
import type { Transfer } from '../model/transfer.js';
import type { StoredMovement } from '../store/transfer-record.js';
import { aggregateBalances, type CurrencyBalances } from './aggregate-balances.js';
import { createTransferAutoBatcher, type TransferAutoBatchOptions } from './auto-batcher.js';
import { type AccountBalance, type BalanceOptions, balance } from './balance.js';
import { createCommitStamps } from './commit-stamps.js';
import type { TransferCommand } from './commit-transfers.js';
import { createAccounts } from './create-accounts.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { LedgerRequestContext } from './ledger-context.js';
import type {
  LedgerBatchError,
  LedgerCommandError,
  LedgerCommitError,
  LedgerQueryError,
} from './ledger-error.js';
import { type LedgerScope, ledgerScope } from './ledger-scope.js';
import { lookupAccounts, lookupJournalEntries, lookupTransfers } from './lookups.js';
import { isLinked } from './plan-transactions.js';
import {
  runSingleTransfers,
  runTransferBatch,
  singlesPerTransaction,
} from './run-transfer-commands.js';
import {
  type AccountPageOptions,
  type LedgerPage,
  type StatementLine,
  statement,
  transfersByAccount,
} from './statement.js';
import { type SweepOptions, type SweepOutcome, sweepExpired } from './sweep-expired.js';
import { queryTransfers, type TransferQuery } from './transfer-queries.js';

/** How to build a {@link Ledger}. */
export interface LedgerOptions {
  readonly storage: Storage;
  /** The audit log every command writes its leaf to, inside the command's transaction. */
  readonly audit: AuditLog;
  readonly clock?: Clock;
  /** Mints command and outbox event ids; deterministic in tests. */
  readonly ids?: IdGenerator;
  /**
   * Group commit of concurrent `createTransfer` calls of a tenant in this process. Off unless
   * given (`{}` turns it on with defaults); whether it pays off on a backend is measured by the
   * ledger benchmark, not assumed.
   */
  readonly autoBatch?: TransferAutoBatchOptions | false;
}

/**
 * A double-entry ledger with TigerBeetle's transfer semantics on the Strongroom storage port.
 * Every command is one storage transaction per part (loads, executes, writes every change at the
 * version it read, one audit leaf, one outbox event per created or resolved transfer); one that
 * changes nothing writes nothing. Queries read in a transaction of their own.
 */
export interface Ledger {
  /** Creates accounts, one result per input; see `executeAccountCreations` for the codes. */
  createAccounts(
    tenantId: TenantId,
    inputs: readonly AccountInput[],
    context?: LedgerRequestContext,
  ): Promise<Result<AccountResult[], LedgerBatchError<AccountResult>>>;
  /**
   * The batch API: up to `LEDGER_BATCH_EVENTS_MAX` independent events and linked chains, one
   * result each, in as few transactions as the storage allows (a chain never spans two).
   */
  createTransfers(
    tenantId: TenantId,
    events: readonly LedgerEvent[],
    context?: LedgerRequestContext,
  ): Promise<Result<TransferResult[], LedgerBatchError<TransferResult>>>;
  /** One event; shares a commit with concurrent calls when auto-batching is on. */
  createTransfer(
    tenantId: TenantId,
    event: LedgerEvent,
    context?: LedgerRequestContext,
  ): Promise<Result<TransferResult, LedgerCommandError>>;
  /** Releases due pending transfers in (expiresAt, timestamp) order; see `sweepExpired`. */
  sweepExpired(
    tenantId: TenantId,
    options: SweepOptions,
    context?: LedgerRequestContext,
  ): Promise<Result<SweepOutcome, LedgerCommitError | ValidationError>>;
  /** Accounts by id, `null` for unknown ones. */
  lookupAccounts(
    tenantId: TenantId,
    ids: readonly string[],
  ): Promise<Result<(Account | null)[], ValidationError | StorageError>>;
  /** Transfers by id, `null` for unknown ids and journal entries. */
  lookupTransfers(
    tenantId: TenantId,
    ids: readonly string[],
  ): Promise<Result<(Transfer | null)[], ValidationError | StorageError>>;
  /** Journal entries by id, `null` for unknown ids and transfers. */
  lookupJournalEntries(
    tenantId: TenantId,
    ids: readonly string[],
  ): Promise<Result<(JournalEntry | null)[], ValidationError | StorageError>>;
  /** Balances now, or at an instant by insertion or effective time (see `balance`). */
  balance(
    tenantId: TenantId,
    accountId: string,
    options?: BalanceOptions,
  ): Promise<Result<AccountBalance, LedgerQueryError>>;
  /** A page of an account's statement with the running balance after each line. */
  statement(
    tenantId: TenantId,
    accountId: string,
    options?: AccountPageOptions,
  ): Promise<Result<LedgerPage<StatementLine>, LedgerQueryError>>;
  /** A page of the transfers and journal entries that moved an account. */
  transfersByAccount(
    tenantId: TenantId,
    accountId: string,
    options?: AccountPageOptions,
  ): Promise<Result<LedgerPage<StoredMovement>, LedgerQueryError>>;
  /** A page of transfers and journal entries by insertion time range and code. */
  queryTransfers(
    tenantId: TenantId,
    query: TransferQuery,
  ): Promise<Result<LedgerPage<StoredMovement>, ValidationError | StorageError>>;
  /** Current balances of a set of accounts summed per currency, never across currencies. */
  aggregateBalances(
    tenantId: TenantId,
    accountIds: readonly string[],
  ): Promise<Result<CurrencyBalances[], LedgerQueryError>>;
  /** The ledger inside a transaction the caller runs: its postings commit with the caller's writes. */
  within(tx: StorageTransaction): LedgerScope;
}

const NO_CONTEXT: LedgerRequestContext = Object.freeze({});

/** Builds a {@link Ledger}. */
export function createLedger(options: LedgerOptions): Ledger {
  const dependencies: LedgerDependencies = {
    storage: options.storage,
    audit: options.audit,
    clock: options.clock ?? systemClock,
    ids: resolveIdGenerator(options.ids),
    stamps: createCommitStamps(),
    accountReads: createRecordReadCoalescer(options.storage),
  };
  assert(
    singlesPerTransaction(dependencies) >= 1 && options.storage.limits.writesPerTransaction >= 16,
    'the storage must commit at least one transfer with its audit leaf per transaction',
  );
  const singleCommand = (event: LedgerEvent, context: LedgerRequestContext): TransferCommand => ({
    id: dependencies.ids.next('bat'),
    name: 'create_transfer',
    events: [event],
    context,
  });
  const runAlone = async (
    tenantId: TenantId,
    command: TransferCommand,
  ): Promise<Result<TransferResult, LedgerCommandError>> => {
    const [outcome] = await runSingleTransfers(dependencies, tenantId, [command]);
    assert(outcome !== undefined, 'one command gives one outcome');
    return outcome;
  };
  const autoBatch = options.autoBatch;
  const batcher =
    autoBatch === undefined || autoBatch === false
      ? null
      : createTransferAutoBatcher(
          {
            ...autoBatch,
            maxBatchSize: autoBatch.maxBatchSize ?? singlesPerTransaction(dependencies),
          },
          (tenantId, commands) => runSingleTransfers(dependencies, tenantId, commands),
        );

  return {
    createAccounts: (tenantId, inputs, context = NO_CONTEXT) =>
      createAccounts(dependencies, tenantId, inputs, context),
    createTransfers: (tenantId, events, context = NO_CONTEXT) =>
      runTransferBatch(dependencies, tenantId, {
        id: dependencies.ids.next('bat'),
        name: 'create_transfers',
        events,
        context,
      }),
    createTransfer(tenantId, event, context = NO_CONTEXT) {
      const command = singleCommand(event, context);
      // A linked single would chain into whatever shares its commit: it runs alone, where the
      // engine answers it `linked_event_chain_open`.
      const input = event.kind === 'transfer' ? event.transfer : event.journal;
      if (batcher === null || isLinked(input)) return runAlone(tenantId, command);
      return batcher.submit(tenantId, command);
    },
    sweepExpired: (tenantId, sweepOptions, context = NO_CONTEXT) =>
      sweepExpired(dependencies, tenantId, sweepOptions, context),
    lookupAccounts: (tenantId, ids) => lookupAccounts(dependencies, tenantId, ids),
    lookupTransfers: (tenantId, ids) => lookupTransfers(dependencies, tenantId, ids),
    lookupJournalEntries: (tenantId, ids) => lookupJournalEntries(dependencies, tenantId, ids),
    balance: (tenantId, accountId, balanceOptions) =>
      balance(dependencies, tenantId, accountId, balanceOptions),
    statement: (tenantId, accountId, pageOptions) =>
      statement(dependencies, tenantId, accountId, pageOptions),
    transfersByAccount: (tenantId, accountId, pageOptions) =>
      transfersByAccount(dependencies, tenantId, accountId, pageOptions),
    queryTransfers: (tenantId, query) => queryTransfers(dependencies, tenantId, query),
    aggregateBalances: (tenantId, accountIds) =>
      aggregateBalances(dependencies, tenantId, accountIds),
    within: (tx) => ledgerScope(dependencies, tx),
  };
}
