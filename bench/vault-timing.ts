import { runWorkers } from './harness.js';

/** Operations, wall time and every operation's latency, summed over the rounds of one variant. */
export interface TimedTotals {
  ops: number;
  seconds: number;
  /** Latency of each completed operation, in milliseconds. */
  readonly latenciesMs: number[];
  /** Operations per second of each round, for the per-round ratios. */
  readonly rounds: number[];
  /** Transaction attempts over the measured rounds (0 where not counted). */
  attempts: number;
}

/** Empty totals for one variant. */
export function emptyTotals(): TimedTotals {
  return { ops: 0, seconds: 0, latenciesMs: [], rounds: [], attempts: 0 };
}

/**
 * Runs `concurrency` async workers, each looping until `durationMs` is up, and adds the completed
 * operations, wall time and per-operation latencies to `totals`; returns this round's ops/s.
 */
export async function runTimedWorkers(
  totals: TimedTotals,
  concurrency: number,
  durationMs: number,
  work: (worker: number, iteration: number) => Promise<void>,
): Promise<number> {
  const { ops, seconds } = await runWorkers(concurrency, durationMs, work, totals.latenciesMs);
  totals.ops += ops;
  totals.seconds += seconds;
  totals.rounds.push(ops / seconds);
  return ops / seconds;
}

/** Throughput of the totals, in operations per second. */
export function rate(totals: TimedTotals): number {
  return totals.ops / totals.seconds;
}

/** The nearest-rank percentile (`fraction` in (0, 1]) of the latencies, in milliseconds. */
export function percentileMs(totals: TimedTotals, fraction: number): number {
  const sorted = Float64Array.from(totals.latenciesMs).sort();
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** `p50 x ms, p99 y ms` of the totals, for notes. */
export function latencySummary(totals: TimedTotals): string {
  return `p50 ${percentileMs(totals, 0.5).toFixed(2)} ms, p99 ${percentileMs(totals, 0.99).toFixed(2)} ms`;
}
