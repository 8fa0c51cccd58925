import {
  assert,
  type EventEnvelope,
  err,
  ok,
  type Result,
  type StorageTransaction,
  type TenantId,
} from '@strongroom/kernel';
import { executeEvents } from '../engine/execute-events.js';
import type { LedgerChanges } from '../engine/ledger-changes.js';
import type { LedgerEvent } from '../engine/ledger-event.js';
import { pendingAccountIds, referencedIds } from '../engine/referenced-ids.js';
import type { TransferResult } from '../engine/transfer-result.js';
import { TRANSIENT_TRANSFER_STATUSES } from '../model/transfer-status.js';
import {
  commandLeaf,
  LEDGER_AUDIT_ACTIONS,
  type LedgerDependencies,
  statusCounts,
} from './ledger-audit.js';
import type { LedgerRequestContext } from './ledger-context.js';
import type { LedgerCommitError } from './ledger-error.js';
import { LEDGER_COMMAND_TRANSACTION } from './ledger-transaction.js';
import { LoadedState } from './loaded-state.js';
import { type EventSource, journalEvent, transferEvent } from './outbox-events.js';
import { isLinked } from './plan-transactions.js';
import { writeChanges } from './write-changes.js';

/** One call of `createTransfers` or `createTransfer`: its events, caller and command id. */
export interface TransferCommand {
  readonly id: string;
  /** `create_transfers` (the batch API) or `create_transfer` (one event). */
  readonly name: 'create_transfers' | 'create_transfer';
  readonly events: readonly LedgerEvent[];
  readonly context: LedgerRequestContext;
}

/** The part of a command that one transaction carries. */
export interface CommandSlice {
  readonly command: TransferCommand;
  readonly start: number;
  readonly end: number;
}

/** Whether an execution changed anything that must be written. */
export function hasChanges(changes: LedgerChanges): boolean {
  return (
    changes.accounts.size > 0 ||
    changes.transfers.length > 0 ||
    changes.updatedTransfers.length > 0 ||
    changes.journals.length > 0 ||
    changes.updatedJournals.length > 0 ||
    changes.failedIds.length > 0 ||
    changes.entries.length > 0
  );
}

// A result that wrote something: a created event, or a transient failure that burned its id.
function wrote(result: TransferResult): boolean {
  return result.status === 'created' || TRANSIENT_TRANSFER_STATUSES.has(result.status);
}

function eventInput(event: LedgerEvent): unknown {
  return event.kind === 'transfer' ? event.transfer : event.journal;
}

/**
 * Loads what the events name: transfers, journal entries and burned ids, and every account the
 * events name or the pending transfers they resolve name, in ONE sorted read (see
 * {@link LoadedState.loadAccounts}: a single global order is what keeps row locks deadlock-free),
 * then the pending movements again, now that their accounts are locked. When no event resolves a
 * pending transfer the accounts are known before the transfers are read, and both reads are asked
 * for at once: a storage that sends the reads of one tick together (Postgres) makes them in one
 * round trip. Only a retried id stored with other accounts (`exists_with_different_…`) names
 * accounts the events do not; they are locked in a second read, out of the global order, which
 * Postgres's deadlock detector turns into a retried conflict should it ever matter.
 */
export async function loadEventState(
  tx: StorageTransaction,
  events: readonly LedgerEvent[],
): Promise<LoadedState> {
  const state = new LoadedState();
  const named = referencedIds(events);
  if (named.resolvesPending) {
    await state.loadMovements(tx, named.transferIds);
    await state.loadAccounts(tx, [...named.accountIds, ...pendingAccountIds(events, state)]);
  } else {
    // Both settle before a failure is passed on: nothing of the attempt runs on after it ends.
    const loads = await Promise.allSettled([
      state.loadMovements(tx, named.transferIds),
      state.loadAccounts(tx, named.accountIds),
    ]);
    for (const load of loads) if (load.status === 'rejected') throw load.reason;
    await state.loadAccounts(tx, pendingAccountIds(events, state));
  }
  // Pending movements were read before the locks: see LoadedState.reloadPendingMovements.
  await state.reloadPendingMovements(tx);
  return state;
}

function outboxEvents(source: EventSource, results: readonly TransferResult[]): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (const result of results) {
    if (result.status !== 'created') continue;
    if (result.transfer !== null)
      events.push(transferEvent(source, result.transfer, result.accounts));
    else if (result.journal !== null)
      events.push(journalEvent(source, result.journal, result.accounts));
  }
  return events;
}

/**
 * Runs the slices' events as ONE execution in the transaction given: load, execute, write every
 * change conditional on what was read, then for each slice that changed anything its audit leaf and
 * one outbox event per created or resolved transfer. A slice whose events changed nothing (retries
 * answering `exists`, refused input) writes nothing, not even a leaf. The transaction may run
 * again after a conflict; every attempt starts from fresh reads, a fresh clock reading and fresh
 * stamps. Returns the results of each slice, in order.
 */
export async function executeTransferSlices(
  dependencies: LedgerDependencies,
  tx: StorageTransaction,
  slices: readonly CommandSlice[],
): Promise<Result<TransferResult[][], LedgerCommitError>> {
  const events: LedgerEvent[] = [];
  for (const [position, slice] of slices.entries()) {
    const sliceEvents = slice.command.events.slice(slice.start, slice.end);
    assert(sliceEvents.length > 0, 'a slice carries at least one event');
    // Slices run as one execution: a chain left open at the end of one would swallow the next.
    const last = sliceEvents.at(-1);
    assert(
      position === slices.length - 1 || (last !== undefined && !isLinked(eventInput(last))),
      'only the last slice of a transaction may end in an open chain',
    );
    events.push(...sliceEvents);
  }
  const { tenantId } = tx;
  const state = await loadEventState(tx, events);
  const now = dependencies.clock.now();
  const firstTimestamp = dependencies.stamps.reserve(events.length, now);
  const { results, changes } = executeEvents(state, events, { now, firstTimestamp });
  assert(results.length === events.length, 'the engine answers every event');
  const bySlice: TransferResult[][] = [];
  let offset = 0;
  for (const slice of slices) {
    const count = slice.end - slice.start;
    bySlice.push(results.slice(offset, offset + count));
    offset += count;
  }
  if (!hasChanges(changes)) return ok(bySlice);
  await writeChanges(tx, state, changes);
  const outbox: EventEnvelope[] = [];
  let leaves = 0;
  for (const [position, slice] of slices.entries()) {
    const sliceResults = bySlice[position] ?? [];
    if (!sliceResults.some(wrote)) continue;
    const { command } = slice;
    const statuses = statusCounts(sliceResults.map((result) => result.status));
    const created = sliceResults.some((result) => result.status === 'created');
    const leaf = commandLeaf(
      command.context,
      LEDGER_AUDIT_ACTIONS.transfersCreated,
      command.id,
      created ? 'succeeded' : 'failed',
      {
        command: command.name,
        events: sliceResults.length,
        firstEvent: slice.start,
        statuses,
      },
    );
    const receipt = await dependencies.audit.append(tx, leaf);
    if (receipt.isErr()) return err(receipt.error);
    leaves += 1;
    const source: EventSource = {
      tenantId,
      ids: dependencies.ids,
      occurredAt: now,
      correlationId: command.context.correlationId ?? null,
      causationId: command.id,
    };
    outbox.push(...outboxEvents(source, sliceResults));
  }
  assert(leaves > 0, 'changes come from created events or burned ids, which have a leaf');
  if (outbox.length > 0) await tx.outbox.append(outbox);
  return ok(bySlice);
}

/** Runs {@link executeTransferSlices} as one ledger command transaction of its own. */
export async function commitTransferSlices(
  dependencies: LedgerDependencies,
  tenantId: TenantId,
  slices: readonly CommandSlice[],
): Promise<Result<TransferResult[][], LedgerCommitError>> {
  return dependencies.storage.transaction(
    tenantId,
    (tx) => executeTransferSlices(dependencies, tx, slices),
    LEDGER_COMMAND_TRANSACTION,
  );
}
