import { assert } from '@strongroom/kernel';
import { LEDGER_BATCH_EVENTS_MAX } from '../model/ledger-limits.js';
import { isTransferRecorded, TRANSIENT_TRANSFER_STATUSES } from '../model/transfer-status.js';
import { failedResult } from './event-results.js';
import { executeJournalEvent } from './execute-journal.js';
import { executeTransferEvent } from './execute-transfer.js';
import type { ExecutionContext } from './execution-context.js';
import type { LedgerChanges } from './ledger-changes.js';
import type { LedgerEvent } from './ledger-event.js';
import { assertChangeInvariants, changesOf } from './ledger-invariants.js';
import { LedgerOverlay } from './ledger-overlay.js';
import type { LedgerStateReader } from './ledger-state.js';
import { runLinkedBatch } from './linked-chains.js';
import type { TransferResult } from './transfer-result.js';

/** What one execution returns: one result per event, in order, and the changes to write. */
export interface ExecutionOutcome {
  /** One per event, same order. */
  readonly results: TransferResult[];
  /** Everything to write, in one transaction. */
  readonly changes: LedgerChanges;
}

// TigerBeetle reads the link bit whatever else is wrong with the event; so do we.
function isLinked(event: LedgerEvent | undefined): boolean {
  if (event === undefined) return false;
  try {
    const input = (event.kind === 'transfer' ? event.transfer : event.journal) as unknown;
    if (typeof input !== 'object' || input === null) return false;
    const flags = (input as { flags?: unknown }).flags;
    return (
      typeof flags === 'object' && flags !== null && (flags as { linked?: unknown }).linked === true
    );
  } catch {
    return false;
  }
}

function rawId(event: LedgerEvent | undefined): string {
  try {
    const input = (event?.kind === 'transfer' ? event.transfer : event?.journal) as unknown;
    const id = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : '';
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

/**
 * Executes a batch of transfer and journal-entry events against a loaded state, TigerBeetle
 * style: events in order, each checked in `TRANSFER_STATUS_PRECEDENCE` order and seeing the
 * effects of the ones before; linked chains all-or-nothing; transient failures burn their id
 * (inside failed chains too). Pure: the state is only read, `context` supplies time and stamps.
 * Returns one result per event and the change set; the invariants of the change set (per
 * currency Σ debits = Σ credits, limits, gap-free statements) are asserted before returning.
 */
export function executeEvents(
  state: LedgerStateReader,
  events: readonly LedgerEvent[],
  context: ExecutionContext,
): ExecutionOutcome {
  assert(events.length <= LEDGER_BATCH_EVENTS_MAX, 'a batch holds at most LEDGER_BATCH_EVENTS_MAX');
  assert(context.firstTimestamp > 0n, 'timestamps are positive');
  assert(Number.isFinite(context.now.getTime()), 'the execution time is a valid date');
  const root = new LedgerOverlay(state);
  const now = new Date(context.now.getTime());
  const stampOf = (index: number): bigint => context.firstTimestamp + BigInt(index);

  const results = runLinkedBatch<LedgerOverlay, TransferResult>(events.length, root, {
    isLinked: (index) => isLinked(events[index]),
    openScope: () => new LedgerOverlay(root),
    commitScope: (scope) => scope.mergeInto(root),
    execute: (index, scope) => {
      const event = events[index];
      assert(event !== undefined, 'index within the batch');
      const timestamp = stampOf(index);
      const result =
        event.kind === 'transfer'
          ? executeTransferEvent(scope, event.transfer, timestamp, now)
          : executeJournalEvent(scope, event.journal, timestamp, now);
      // Burned in the root, so the burn survives a chain that is rolled back.
      if (TRANSIENT_TRANSFER_STATUSES.has(result.status))
        root.burn({ id: result.id, status: result.status, timestamp });
      return result;
    },
    succeeded: (result) => isTransferRecorded(result.status),
    chainFailure: (index, status) => failedResult(rawId(events[index]), status, stampOf(index)),
  });

  const changes = changesOf(root);
  assertChangeInvariants(state, changes);
  return { results, changes };
}
