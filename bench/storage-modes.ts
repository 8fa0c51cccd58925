import { createPostgresStorage, type PostgresStorageOptions } from '@strongroom/postgres';
import { type BenchDatabase, rawPool } from './database.js';
import { type BenchScale, benchTenant, type Metric, progress } from './harness.js';
import {
  emptyLedgerTotals,
  type LedgerTotals,
  ledgerNote,
  runLedgerPhase,
  transfersPerSecond,
  warmUp,
} from './ledger-run.js';
import { BENCH_WALLETS, type BenchLedgers, createBenchLedgers } from './ledger-setup.js';

/** How the storage sends its statements, from what it did before to what it does by default. */
const MODES = [
  {
    key: 'one_by_one',
    label: 'BEGIN and COMMIT each answered on their own, statements unnamed (the storage before)',
    pipeline: false,
    preparedStatements: false,
  },
  {
    key: 'pipelined',
    label:
      'BEGIN sent with the first statement, COMMIT with the last write (pipeline mode), statements unnamed',
    pipeline: true,
    preparedStatements: false,
  },
  {
    key: 'default',
    label:
      'BEGIN and COMMIT sent with statements, and statements prepared once per connection (the default)',
    pipeline: true,
    preparedStatements: true,
  },
] as const;
type Mode = (typeof MODES)[number]['key'];

/**
 * What the Postgres storage's statement modes are worth, measured on one database in one run: one
 * ledger transfer per commit (50 wallets, uniform) through three storages that differ only in how
 * their pool sends statements, in rounds that alternate their order, at each concurrency of the
 * scale. Ratios are to the storage as it was before BEGIN and COMMIT rode with statements and statements were named.
 */
export async function benchStorageModes(
  database: BenchDatabase,
  scale: BenchScale,
): Promise<Metric[]> {
  const max = Math.max(...scale.concurrencies) + 2;
  const pools = MODES.map((mode) => rawPool(database.connectionString, max, true, mode.pipeline));
  // The bench types only the slice of pg it uses, hence the cast to the storage's `pg.Pool`.
  const storages = MODES.map((mode, index) =>
    createPostgresStorage({
      pool: pools[index],
      preparedStatements: mode.preparedStatements,
    } as unknown as PostgresStorageOptions),
  );
  try {
    const ledgers = await Promise.all(
      storages.map((storage, index) =>
        createBenchLedgers(storage, benchTenant(`bench-storage-${MODES[index]?.key}`)),
      ),
    );
    const metrics: Metric[] = [];
    for (const concurrency of scale.concurrencies) {
      const totals = await measure(ledgers, concurrency, scale);
      progress(
        `storage modes c=${concurrency}: ${MODES.map(({ key }) => `${key} ${transfersPerSecond(totals[key]).toFixed(0)}`).join(', ')} transfers/s`,
      );
      metrics.push(...modeMetrics(totals, concurrency, scale));
    }
    return metrics;
  } finally {
    await Promise.all(storages.map((storage) => storage.close()));
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

async function measure(
  ledgers: readonly BenchLedgers[],
  concurrency: number,
  scale: BenchScale,
): Promise<Record<Mode, LedgerTotals>> {
  const totals = Object.fromEntries(MODES.map(({ key }) => [key, emptyLedgerTotals()])) as Record<
    Mode,
    LedgerTotals
  >;
  const order = MODES.map((mode, index) => ({ mode, ledgers: ledgers[index] as BenchLedgers }));
  for (const { ledgers: each } of order)
    await warmUp(each, 'uniform', 'single', concurrency, scale.ledgerWarmUpMs);
  // Twice the ledger part's rounds: the modes differ by less than the machine drifts.
  for (let round = 0; round < 2 * scale.ledgerRounds; round += 1) {
    for (const { mode, ledgers: each } of round % 2 === 0 ? order : [...order].reverse()) {
      const durationMs = scale.ledgerPhaseSeconds * 1000;
      await runLedgerPhase(each, 'uniform', 'single', concurrency, durationMs, totals[mode.key]);
    }
  }
  return totals;
}

function modeMetrics(
  totals: Record<Mode, LedgerTotals>,
  concurrency: number,
  scale: BenchScale,
): Metric[] {
  const before = transfersPerSecond(totals.one_by_one);
  return MODES.map(({ key, label }) => {
    const value = transfersPerSecond(totals[key]);
    const rounds = totals[key].createdRounds.map((perSecond) => perSecond.toFixed(0)).join(', ');
    return {
      name: `postgres storage: one transfer per commit, ${label}, c=${concurrency}`,
      value,
      unit: 'transfers/s',
      ...(key === 'one_by_one'
        ? {}
        : {
            baseline: { label: 'the storage before', value: before },
            ratio: value / before,
          }),
      note: `uniform over ${BENCH_WALLETS} wallets, ${2 * scale.ledgerRounds} rounds × ${scale.ledgerPhaseSeconds} s alternating with the other modes; per round ${rounds} transfers/s; ${ledgerNote(totals[key])}`,
    };
  });
}
