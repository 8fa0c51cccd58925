import { assert, err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { AccountResult } from '../engine/account-result.js';
import { executeAccountCreations } from '../engine/execute-account-creations.js';
import type { AccountInput } from '../model/ledger-input.js';
import { LEDGER_BATCH_EVENTS_MAX } from '../model/ledger-limits.js';
import { accountRecordData } from '../store/account-record.js';
import { LEDGER_COLLECTIONS } from '../store/ledger-collections.js';
import {
  commandLeaf,
  LEDGER_AUDIT_ACTIONS,
  type LedgerDependencies,
  statusCounts,
} from './ledger-audit.js';
import type { LedgerRequestContext } from './ledger-context.js';
import type { LedgerBatchError, LedgerCommitError } from './ledger-error.js';
import { LEDGER_COMMAND_TRANSACTION } from './ledger-transaction.js';
import { compareIds, LoadedState } from './loaded-state.js';
import { accountEvents, type EventSource } from './outbox-events.js';
import { chainsOf, type EventRange, isLinked, packUnits } from './plan-transactions.js';
import { transactionBudget } from './run-transfer-commands.js';

// Items one account creation touches (its record, its outbox event) and a bound of its bytes.
const ACCOUNT_ITEMS = 2;
const ACCOUNT_BYTES = 12 * 1024;

function idOf(input: AccountInput): unknown {
  return typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
}

async function commitAccounts(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  commandId: string,
  inputs: readonly AccountInput[],
  firstEvent: number,
  context: LedgerRequestContext,
): Promise<Result<AccountResult[], LedgerCommitError>> {
  return dependencies.storage.transaction(
    tenantId,
    async (tx) => {
      const state = new LoadedState();
      const ids = inputs.map(idOf).filter((id): id is string => typeof id === 'string');
      // Sorted, in one read, like every account load (see LoadedState.loadAccounts).
      await state.loadAccounts(tx, ids);
      const now = dependencies.clock.now();
      const firstTimestamp = dependencies.stamps.reserve(inputs.length, now);
      const { results, accounts } = executeAccountCreations(state, inputs, { now, firstTimestamp });
      assert(results.length === inputs.length, 'the engine answers every account');
      if (accounts.length === 0) return ok(results);
      for (const account of [...accounts].sort((left, right) => compareIds(left.id, right.id))) {
        await tx.records.put({
          collection: LEDGER_COLLECTIONS.accounts,
          id: account.id,
          data: accountRecordData(account),
          expectedVersion: state.accountVersion(account.id),
        });
      }
      const leaf = commandLeaf(
        context,
        LEDGER_AUDIT_ACTIONS.accountsCreated,
        commandId,
        'succeeded',
        {
          command: 'create_accounts',
          events: results.length,
          firstEvent,
          statuses: statusCounts(results.map((result) => result.status)),
        },
      );
      const receipt = await dependencies.audit.append(tx, leaf);
      if (receipt.isErr()) return err(receipt.error);
      const source: EventSource = {
        tenantId,
        ids: dependencies.ids,
        occurredAt: now,
        correlationId: context.correlationId ?? null,
        causationId: commandId,
      };
      await tx.outbox.append(accountEvents(source, results));
      return ok(results);
    },
    LEDGER_COMMAND_TRANSACTION,
  );
}

/**
 * Creates accounts, one result per input in order (`created`, `exists` on a retry, or the
 * validation failure of highest precedence), in as few transactions as the storage's limits allow
 * without splitting a linked chain. Each transaction that creates something writes one audit leaf
 * and one `ledger.account.created` event per account; one that creates nothing writes nothing.
 */
export async function createAccounts(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  inputs: readonly AccountInput[],
  context: LedgerRequestContext,
): Promise<Result<AccountResult[], LedgerBatchError<AccountResult>>> {
  if (inputs.length === 0) return ok([]);
  if (inputs.length > LEDGER_BATCH_EVENTS_MAX) {
    return err({
      type: 'ledger.batch_too_large',
      events: inputs.length,
      maximum: LEDGER_BATCH_EVENTS_MAX,
    });
  }
  const chains = chainsOf(inputs.map(isLinked));
  const units = chains.map((chain) => ({
    items: ACCOUNT_ITEMS * (chain.end - chain.start),
    bytes: ACCOUNT_BYTES * (chain.end - chain.start),
  }));
  const budget = transactionBudget(dependencies);
  const packed = packUnits(units, { items: budget.items - 1, bytes: budget.bytes });
  if (packed.isErr()) {
    const chain = chains[packed.error.unit] as EventRange;
    return err({
      type: 'ledger.chain_too_large',
      firstEvent: chain.start,
      events: chain.end - chain.start,
      maximumWrites: dependencies.storage.limits.writesPerTransaction,
    });
  }
  const commandId = dependencies.ids.next('bat');
  const results: AccountResult[] = [];
  for (const range of packed.value) {
    const start = chains[range.start]?.start ?? 0;
    const end = chains[range.end - 1]?.end ?? 0;
    const committed = await commitAccounts(
      dependencies,
      tenantId,
      commandId,
      inputs.slice(start, end),
      start,
      context,
    );
    if (committed.isErr()) {
      if (results.length === 0) return err(committed.error);
      return err({
        type: 'ledger.batch_incomplete',
        committed: results.length,
        results,
        cause: committed.error,
      });
    }
    results.push(...committed.value);
  }
  return ok(results);
}
