import { assert, err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { LedgerEvent } from '../engine/ledger-event.js';
import type { TransferResult } from '../engine/transfer-result.js';
import { LEDGER_BATCH_EVENTS_MAX } from '../model/ledger-limits.js';
import {
  type CommandSlice,
  commitTransferSlices,
  type TransferCommand,
} from './commit-transfers.js';
import type { LedgerDependencies } from './ledger-audit.js';
import type { LedgerBatchError, LedgerCommandError } from './ledger-error.js';
import {
  chainsOf,
  eventBytes,
  eventItems,
  type InheritedPostings,
  inheritingPendingIds,
  isLinked,
  packUnits,
  type TransactionBudget,
} from './plan-transactions.js';
import { readInheritedPostings } from './read-inherited-postings.js';

// Room each transaction keeps besides the events: the audit leaf and a spare item.
const LEAF_ITEMS = 1;
const LEAF_BYTES = 4 * 1024;

/** What one transaction may hold on the ledger's storage, before the leaves. */
export function transactionBudget(dependencies: LedgerDependencies): TransactionBudget {
  const { writesPerTransaction, bytesPerTransaction } = dependencies.storage.limits;
  return { items: writesPerTransaction - 1, bytes: bytesPerTransaction - LEAF_BYTES };
}

/** How many single-event commands one transaction can carry at most (each with its own leaf). */
export function singlesPerTransaction(dependencies: LedgerDependencies): number {
  const budget = transactionBudget(dependencies);
  const perCommand = 11 + LEAF_ITEMS;
  return Math.max(1, Math.floor(budget.items / perCommand));
}

/**
 * The inherited posting counts to plan by: read only when counting every event at its most would
 * not fit one transaction, since otherwise the plan is one transaction either way and the read
 * would only add a round trip (on Postgres and memory a batch rarely comes near the limit).
 */
async function inheritedPostingsToPlanBy(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  events: readonly LedgerEvent[],
): Promise<InheritedPostings> {
  const ids = inheritingPendingIds(events);
  if (ids.length === 0) return new Map();
  const budget = transactionBudget(dependencies);
  let items = 0;
  let bytes = 0;
  for (const event of events) {
    items += eventItems(event) + LEAF_ITEMS;
    bytes += eventBytes(event) + LEAF_BYTES;
  }
  if (items <= budget.items && bytes <= budget.bytes) return new Map();
  return readInheritedPostings(dependencies, tenantId, ids);
}

/**
 * The batch API: splits the command's events into as few transactions as the storage's limits
 * allow, never splitting a linked chain, and commits them in order. Each transaction writes its
 * own audit leaf (a command spanning three transactions has three leaves, each naming where its
 * part starts). A failure stops the batch: the events before it are committed and final.
 */
export async function runTransferBatch(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  command: TransferCommand,
): Promise<Result<TransferResult[], LedgerBatchError<TransferResult>>> {
  const { events } = command;
  if (events.length === 0) return ok([]);
  if (events.length > LEDGER_BATCH_EVENTS_MAX) {
    return err({
      type: 'ledger.batch_too_large',
      events: events.length,
      maximum: LEDGER_BATCH_EVENTS_MAX,
    });
  }
  const chains = chainsOf(
    events.map((event) => isLinked(event.kind === 'transfer' ? event.transfer : event.journal)),
  );
  const inherited = await inheritedPostingsToPlanBy(dependencies, tenantId, events);
  const units = chains.map((chain) => {
    let items = 0;
    let bytes = 0;
    for (const event of events.slice(chain.start, chain.end)) {
      items += eventItems(event, inherited);
      bytes += eventBytes(event, inherited);
    }
    return { items, bytes };
  });
  const budget = transactionBudget(dependencies);
  const packed = packUnits(units, { items: budget.items - LEAF_ITEMS, bytes: budget.bytes });
  if (packed.isErr()) {
    const chain = chains[packed.error.unit];
    assert(chain !== undefined, 'an oversized unit is one of the chains');
    return err({
      type: 'ledger.chain_too_large',
      firstEvent: chain.start,
      events: chain.end - chain.start,
      maximumWrites: dependencies.storage.limits.writesPerTransaction,
    });
  }
  const results: TransferResult[] = [];
  for (const range of packed.value) {
    const first = chains[range.start];
    const last = chains[range.end - 1];
    assert(first !== undefined && last !== undefined, 'a transaction holds whole chains');
    const slice: CommandSlice = { command, start: first.start, end: last.end };
    const committed = await commitTransferSlices(dependencies, tenantId, [slice]);
    if (committed.isErr()) {
      if (results.length === 0) return err(committed.error);
      return err({
        type: 'ledger.batch_incomplete',
        committed: results.length,
        results,
        cause: committed.error,
      });
    }
    const [sliceResults] = committed.value;
    assert(sliceResults !== undefined, 'one slice gives one result list');
    results.push(...sliceResults);
  }
  return ok(results);
}

/**
 * Single-event commands of one tenant, committed together (group commit): as few transactions as
 * the limits allow, each with one audit leaf per command (its own caller and request) and one
 * execution for all. An event's failure is its own result; a transaction that does not commit
 * fails exactly the commands it carried, and the next transaction still runs. None of the events
 * may be linked (a linked single is answered alone, as `linked_event_chain_open`).
 */
export async function runSingleTransfers(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  commands: readonly TransferCommand[],
): Promise<Result<TransferResult, LedgerCommandError>[]> {
  const outcomes: (Result<TransferResult, LedgerCommandError> | undefined)[] = [];
  const budget = transactionBudget(dependencies);
  const inherited = await inheritedPostingsToPlanBy(
    dependencies,
    tenantId,
    commands.flatMap((command) => command.events),
  );
  const fitting: { position: number; command: TransferCommand; items: number; bytes: number }[] =
    [];
  for (const [position, command] of commands.entries()) {
    const [event] = command.events;
    assert(event !== undefined && command.events.length === 1, 'a single command has one event');
    const items = eventItems(event, inherited) + LEAF_ITEMS;
    const bytes = eventBytes(event, inherited) + LEAF_BYTES;
    if (items <= budget.items && bytes <= budget.bytes) {
      fitting.push({ position, command, items, bytes });
      continue;
    }
    outcomes[position] = err({
      type: 'ledger.chain_too_large',
      firstEvent: 0,
      events: 1,
      maximumWrites: dependencies.storage.limits.writesPerTransaction,
    });
  }
  const packed = packUnits(fitting, budget);
  assert(packed.isOk(), 'every unit left fits a transaction');
  for (const range of packed.value) {
    const group = fitting.slice(range.start, range.end);
    const committed = await commitTransferSlices(
      dependencies,
      tenantId,
      group.map(({ command }) => ({ command, start: 0, end: 1 })),
    );
    for (const [offset, { position }] of group.entries()) {
      if (committed.isErr()) {
        outcomes[position] = err(committed.error);
        continue;
      }
      const result = committed.value[offset]?.[0];
      assert(result !== undefined, 'every single command has its result');
      outcomes[position] = ok(result);
    }
  }
  return commands.map((_, position) => {
    const outcome = outcomes[position];
    assert(outcome !== undefined, 'every single command has an outcome');
    return outcome;
  });
}
