import { createPostgresStorage, type PostgresStorageOptions } from '@strongroom/postgres';
import {
  type BenchDatabase,
  createTpcbDatabase,
  type PgbenchRun,
  pgbenchTpcb,
  rawPool,
} from './database.js';
import { type BenchScale, benchTenant, type Metric, progress } from './harness.js';
import {
  emptyLedgerTotals,
  LEDGER_MODE_LABELS,
  LEDGER_MODES,
  type LedgerMode,
  type LedgerTotals,
  ledgerNote,
  refusedCount,
  runLedgerPhase,
  transfersPerSecond,
  warmUp,
} from './ledger-run.js';
import {
  type AccountPattern,
  BENCH_WALLETS,
  type BenchLedgers,
  createBenchLedgers,
} from './ledger-setup.js';
import {
  emptyTotals,
  latencySummary,
  percentileMs,
  rate,
  type TimedTotals,
} from './vault-timing.js';

/** pgbench's scale factor for the TPC-B baseline (issue #11): 32 branches, 3.2 million accounts. */
const TPCB_SCALE_FACTOR = 32;

const PATTERNS: readonly AccountPattern[] = ['uniform', 'hot'];
const PATTERN_LABELS: Record<AccountPattern, string> = {
  uniform: `uniform (${BENCH_WALLETS} accounts)`,
  hot: 'hot account',
};

// Issue #11's targets, as multiples of pgbench TPC-B's transactions/s at the same concurrency;
// `undefined` where the issue sets none (auto-batching at concurrency 1 has nothing to coalesce).
function targetRatio(mode: LedgerMode, concurrency: number): number | undefined {
  if (mode === 'single') return 0.7;
  if (mode === 'batch') return 10;
  return concurrency >= 8 ? 1.5 : undefined;
}

type Variant = 'tpcb' | `${AccountPattern}/${LedgerMode}`;
const LEDGER_VARIANTS = PATTERNS.flatMap((pattern) =>
  LEDGER_MODES.map((mode) => ({ pattern, mode, key: `${pattern}/${mode}` as const })),
);
const VARIANTS: readonly Variant[] = ['tpcb', ...LEDGER_VARIANTS.map(({ key }) => key)];

interface ConcurrencyResult {
  readonly concurrency: number;
  /** pgbench's tps per round as `rounds`, its transactions as `ops`, its log's latencies. */
  readonly tpcb: TimedTotals & { failed: number };
  readonly ledger: Record<`${AccountPattern}/${LedgerMode}`, LedgerTotals>;
}

function addPgbenchRun(totals: ConcurrencyResult['tpcb'], run: PgbenchRun): void {
  totals.rounds.push(run.tps);
  totals.ops += run.latenciesMs.length;
  // Weighted so that `rate(totals)` is the mean tps over the rounds pgbench measured.
  totals.seconds += run.latenciesMs.length / run.tps;
  // A loop, not a spread: a fast server logs more transactions than a call takes arguments.
  for (const latencyMs of run.latenciesMs) totals.latenciesMs.push(latencyMs);
  totals.failed += run.failed;
}

/**
 * Benchmark 5 (issue #11): the ledger on the Postgres server. At each concurrency, pgbench's
 * built-in TPC-B script (scale 32, its own database on the same server) and the ledger in three
 * modes (one transfer per commit, auto-batched single calls, the batch API) over two account
 * patterns (uniform over 50 wallets; one hot wallet on a side of every transfer), interleaved in
 * rounds that alternate their order. Reports transfers/s against pgbench's tps with the issue's
 * targets, p50 and p99 latency per call, transaction attempts per commit and refused transfers.
 */
export async function benchLedger(database: BenchDatabase, scale: BenchScale): Promise<Metric[]> {
  progress(`pgbench -i -s ${TPCB_SCALE_FACTOR} (TPC-B baseline database)`);
  const tpcb = await createTpcbDatabase(database, TPCB_SCALE_FACTOR);
  // One pool for the storage, sized so that every worker of the batch API holds a connection.
  const pool = rawPool(database.connectionString, Math.max(...scale.concurrencies) + 2, true);
  // The bench types only the slice of pg it uses, hence the cast to the storage's `pg.Pool`.
  const storage = createPostgresStorage({ pool } as unknown as PostgresStorageOptions);
  try {
    const ledgers = await createBenchLedgers(storage, benchTenant('bench-ledger'));
    const results: ConcurrencyResult[] = [];
    for (const concurrency of scale.concurrencies) {
      const result = await measureConcurrency(ledgers, tpcb, concurrency, scale);
      const summary = LEDGER_VARIANTS.map(
        ({ key }) => `${key} ${transfersPerSecond(result.ledger[key]).toFixed(0)}`,
      ).join(', ');
      progress(
        `ledger c=${concurrency}: transfers/s ${summary} (pgbench TPC-B ${rate(result.tpcb).toFixed(0)} tps)`,
      );
      results.push(result);
    }
    return [
      ...results.flatMap((result) => concurrencyMetrics(result, scale)),
      refusedMetric(results),
    ];
  } finally {
    await storage.close();
    await pool.end();
    await tpcb.drop();
  }
}

async function measureConcurrency(
  ledgers: BenchLedgers,
  tpcb: BenchDatabase,
  concurrency: number,
  scale: BenchScale,
): Promise<ConcurrencyResult> {
  // The patterns share every code path: warming each mode up on one opens the pool's connections
  // and compiles what both run, and keeps long batch calls at high concurrency out of the budget.
  for (const mode of LEDGER_MODES) {
    await warmUp(ledgers, 'uniform', mode, concurrency, scale.ledgerWarmUpMs);
  }
  const result: ConcurrencyResult = {
    concurrency,
    tpcb: { ...emptyTotals(), failed: 0 },
    ledger: Object.fromEntries(
      LEDGER_VARIANTS.map(({ key }) => [key, emptyLedgerTotals()]),
    ) as ConcurrencyResult['ledger'],
  };
  for (let round = 0; round < scale.ledgerRounds; round += 1) {
    for (const variant of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      if (variant === 'tpcb') {
        addPgbenchRun(result.tpcb, await pgbenchTpcb(tpcb, concurrency, scale.ledgerPhaseSeconds));
        continue;
      }
      const [pattern, mode] = variant.split('/') as [AccountPattern, LedgerMode];
      await runLedgerPhase(
        ledgers,
        pattern,
        mode,
        concurrency,
        scale.ledgerPhaseSeconds * 1000,
        result.ledger[variant],
      );
    }
  }
  return result;
}

function roundRatios(totals: LedgerTotals, baseline: TimedTotals): string {
  return totals.createdRounds
    .map((perSecond, round) => (perSecond / (baseline.rounds[round] ?? Number.NaN)).toFixed(2))
    .join(', ');
}

function concurrencyMetrics(result: ConcurrencyResult, scale: BenchScale): Metric[] {
  const { concurrency, tpcb } = result;
  const c = `c=${concurrency}`;
  const tps = rate(tpcb);
  const metrics: Metric[] = [];
  for (const { pattern, mode, key } of LEDGER_VARIANTS) {
    const totals = result.ledger[key];
    const label = `${PATTERN_LABELS[pattern]}, ${LEDGER_MODE_LABELS[mode]}`;
    const perSecond = transfersPerSecond(totals);
    const ratio = perSecond / tps;
    const target = targetRatio(mode, concurrency);
    const perCall = mode === 'batch' ? 'per call' : 'per transfer';
    metrics.push(
      {
        name: `ledger: ${label}, ${c}`,
        value: perSecond,
        unit: 'transfers/s',
        baseline: { label: 'pgbench TPC-B tps', value: tps },
        ratio,
        ...(target === undefined
          ? {}
          : { target: { text: `>= ${target.toFixed(1)}× pgbench`, pass: ratio >= target } }),
        note: `${latencySummary(totals.calls)} ${perCall}; per-round ratios ${roundRatios(totals, tpcb)}; ${ledgerNote(totals)}`,
      },
      {
        name: `ledger: ${label} p99 latency, ${c}`,
        value: percentileMs(totals.calls, 0.99),
        unit: 'ms',
        baseline: { label: 'pgbench TPC-B p99', value: percentileMs(tpcb, 0.99) },
        ratio: percentileMs(totals.calls, 0.99) / percentileMs(tpcb, 0.99),
        note: `${perCall}; p50 ${percentileMs(totals.calls, 0.5).toFixed(2)} ms; pgbench ${latencySummary(tpcb)}`,
      },
    );
  }
  metrics.push({
    name: `baseline: pgbench TPC-B (scale ${TPCB_SCALE_FACTOR}, -M prepared), ${c}`,
    value: tps,
    unit: 'tps',
    note: `built-in script (3 UPDATEs, SELECT, INSERT per tx) in its own database on the same server; -j ${Math.min(concurrency, 4)}; ${latencySummary(tpcb)}; failed ${tpcb.failed}; ${scale.ledgerRounds} rounds × ${scale.ledgerPhaseSeconds} s, interleaved with the ledger`,
  });
  return metrics;
}

function refusedMetric(results: readonly ConcurrencyResult[]): Metric {
  let refused = 0;
  const reasons = new Map<string, number>();
  for (const result of results) {
    for (const totals of Object.values(result.ledger)) {
      refused += refusedCount(totals);
      for (const [reason, transfers] of totals.refused)
        reasons.set(reason, (reasons.get(reason) ?? 0) + transfers);
    }
  }
  const breakdown = [...reasons.entries()].map(([reason, transfers]) => `${reason} ${transfers}`);
  return {
    name: 'ledger: transfers not created on Postgres (funded wallets, all modes)',
    value: refused,
    unit: 'transfers',
    target: { text: '= 0', pass: refused === 0 },
    note: breakdown.length === 0 ? 'every transfer answered created' : breakdown.join(', '),
  };
}
