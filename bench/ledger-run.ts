import type { Result } from '@strongroom/kernel';
import type { LedgerBatchError, LedgerCommandError, TransferResult } from '@strongroom/ledger';
import {
  type AccountPattern,
  BENCH_BATCH_TRANSFERS,
  type BenchLedgers,
  benchTransfer,
} from './ledger-setup.js';
import { emptyTotals, runTimedWorkers, type TimedTotals } from './vault-timing.js';

/** How transfers reach the ledger. */
export type LedgerMode = 'single' | 'auto_batched' | 'batch';

/** The modes in the order the report lists them. */
export const LEDGER_MODES: readonly LedgerMode[] = ['single', 'auto_batched', 'batch'];

/** What each mode is called in the report. */
export const LEDGER_MODE_LABELS: Record<LedgerMode, string> = {
  single: 'one per commit',
  auto_batched: 'auto-batched single calls',
  batch: `batch API (${BENCH_BATCH_TRANSFERS} per call)`,
};

/** Everything measured for one pattern and mode, summed over its rounds. */
export interface LedgerTotals {
  /** Calls (a batch-API call is one), wall time and the latency of every call. */
  readonly calls: TimedTotals;
  /** Transfers answered `created`. */
  created: number;
  /** Created transfers per second of each round, for the per-round ratios. */
  readonly createdRounds: number[];
  /** Transfers not created, by result status or, when the call failed, by error type. */
  readonly refused: Map<string, number>;
  /** Storage transactions and attempts during the measured rounds. */
  transactions: number;
  attempts: number;
}

/** Empty totals for one pattern and mode. */
export function emptyLedgerTotals(): LedgerTotals {
  return {
    calls: emptyTotals(),
    created: 0,
    createdRounds: [],
    refused: new Map(),
    transactions: 0,
    attempts: 0,
  };
}

/** Created transfers per second over all rounds. */
export function transfersPerSecond(totals: LedgerTotals): number {
  return totals.created / totals.calls.seconds;
}

/** Transfers not created, over every reason. */
export function refusedCount(totals: LedgerTotals): number {
  let count = 0;
  for (const transfers of totals.refused.values()) count += transfers;
  return count;
}

function refuse(totals: LedgerTotals, reason: string, transfers: number): void {
  totals.refused.set(reason, (totals.refused.get(reason) ?? 0) + transfers);
}

function tally(totals: LedgerTotals, results: readonly TransferResult[]): void {
  for (const result of results) {
    if (result.status === 'created') totals.created += 1;
    else refuse(totals, result.status, 1);
  }
}

// The reason a call failed; a version mismatch also names the collection, to find the record.
function errorReason(error: LedgerCommandError | LedgerBatchError<TransferResult>): string {
  if (error.type === 'ledger.batch_incomplete') return `${error.type}: ${errorReason(error.cause)}`;
  if (error.type === 'storage.version_mismatch') return `${error.type} (${error.collection})`;
  return error.type;
}

function tallySingle(
  totals: LedgerTotals,
  outcome: Result<TransferResult, LedgerCommandError>,
): void {
  if (outcome.isOk()) tally(totals, [outcome.value]);
  else refuse(totals, errorReason(outcome.error), 1);
}

function tallyBatch(
  totals: LedgerTotals,
  transfers: number,
  outcome: Result<TransferResult[], LedgerBatchError<TransferResult>>,
): void {
  if (outcome.isOk()) {
    tally(totals, outcome.value);
    return;
  }
  const { error } = outcome;
  // The committed part of an incomplete batch is final; only the rest was not written.
  const committed = error.type === 'ledger.batch_incomplete' ? error.results : [];
  tally(totals, committed);
  refuse(totals, errorReason(error), transfers - committed.length);
}

/** One call of `mode` with new transfers of `pattern`; results and failures go to `totals`. */
export async function ledgerCall(
  ledgers: BenchLedgers,
  pattern: AccountPattern,
  mode: LedgerMode,
  totals: LedgerTotals,
): Promise<void> {
  if (mode === 'batch') {
    const events = Array.from({ length: BENCH_BATCH_TRANSFERS }, () =>
      benchTransfer(ledgers, pattern),
    );
    tallyBatch(
      totals,
      events.length,
      await ledgers.plain.createTransfers(ledgers.tenantId, events),
    );
    return;
  }
  const ledger = mode === 'single' ? ledgers.plain : ledgers.autoBatched;
  tallySingle(
    totals,
    await ledger.createTransfer(ledgers.tenantId, benchTransfer(ledgers, pattern)),
  );
}

/**
 * Runs `concurrency` workers making calls of `mode` for `durationMs` and adds calls, latencies,
 * created and refused transfers, transactions and attempts to `totals`; returns this round's
 * created transfers per second.
 */
export async function runLedgerPhase(
  ledgers: BenchLedgers,
  pattern: AccountPattern,
  mode: LedgerMode,
  concurrency: number,
  durationMs: number,
  totals: LedgerTotals,
): Promise<number> {
  const createdBefore = totals.created;
  const secondsBefore = totals.calls.seconds;
  const { transactions, attempts } = ledgers.counts;
  await runTimedWorkers(totals.calls, concurrency, durationMs, () =>
    ledgerCall(ledgers, pattern, mode, totals),
  );
  totals.transactions += ledgers.counts.transactions - transactions;
  totals.attempts += ledgers.counts.attempts - attempts;
  const perSecond = (totals.created - createdBefore) / (totals.calls.seconds - secondsBefore);
  totals.createdRounds.push(perSecond);
  return perSecond;
}

/** Runs a mode for `durationMs` and forgets the numbers: JIT, pool connections, caches. */
export async function warmUp(
  ledgers: BenchLedgers,
  pattern: AccountPattern,
  mode: LedgerMode,
  concurrency: number,
  durationMs: number,
): Promise<void> {
  await runLedgerPhase(ledgers, pattern, mode, concurrency, durationMs, emptyLedgerTotals());
}

/**
 * Transaction attempts per commit (conflict retries), created transfers per commit and the
 * transfers not created: what every ledger row notes besides throughput and latency.
 */
export function ledgerNote(totals: LedgerTotals): string {
  const perCommit = (value: number) => (value / totals.transactions).toFixed(2);
  const refused = [...totals.refused.entries()]
    .map(([reason, transfers]) => `${reason} ${transfers}`)
    .join(', ');
  return [
    `tx attempts/commit ${(totals.attempts / totals.transactions).toFixed(3)}`,
    `created transfers/commit ${perCommit(totals.created)}`,
    `not created ${refused === '' ? 0 : refused}`,
  ].join('; ');
}
