import { createAuditLog } from '@strongroom/audit';
import { nodeMerkleHasher } from '@strongroom/audit/node';
import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresStorage, type PostgresStorageOptions } from '@strongroom/postgres';
import {
  type BenchDatabase,
  pgbenchInsert,
  pgbenchRecordTransaction,
  pgbenchStandard,
  RECORD_DATA,
  rawPool,
} from './database.js';
import { canonicalLeaf } from './full-verify.js';
import {
  auditInput,
  BENCH_SIGNING,
  type BenchScale,
  benchTenant,
  type Metric,
  progress,
  runWorkers,
} from './harness.js';

const TARGET_COST = 0.1;

/** What one operation of a variant does. */
type Variant = 'with_audit' | 'without_audit' | 'bare_insert';
const VARIANTS: readonly Variant[] = ['with_audit', 'without_audit', 'bare_insert'];

interface VariantTotals {
  ops: number;
  seconds: number;
  attempts: number;
  rounds: number[];
}
type Measured = Record<Variant, VariantTotals>;

/**
 * Benchmark 1: transactions on Postgres that write one small record, with and without one audit
 * leaf (`log.append`) in the same transaction, and a bare autocommitted INSERT of the same row
 * into a table without RLS, all on one pg pool and interleaved per round (ABC, CBA, ...) at each
 * concurrency level; plus pgbench running one INSERT per transaction, pgbench -N, and the floor
 * of the audit cost: pgbench running the measured transaction's SQL with and without a second row
 * of a leaf's size.
 */
export async function benchAppends(database: BenchDatabase, scale: BenchScale): Promise<Metric[]> {
  const metrics: Metric[] = [];
  // One pool for the storage and the bare INSERTs, so that connections stay within maxConcurrency.
  const pool = rawPool(database.connectionString, Math.max(...scale.concurrencies) + 2, true);
  // The bench types only the slice of pg it uses, hence the cast to the storage's `pg.Pool`.
  const storage = createPostgresStorage({ pool } as unknown as PostgresStorageOptions);
  const log = createAuditLog({ storage, signing: BENCH_SIGNING, hasher: nodeMerkleHasher });
  const tenantId = benchTenant('bench-appends');
  const counters = { attempts: 0 };
  const bareData = JSON.stringify(RECORD_DATA);

  // One operation; `attempts` counts every try, so retries on serialization failures show.
  const operation = async (variant: Variant, id: string) => {
    if (variant === 'bare_insert') {
      await pool.query(
        `insert into bench_raw (tenant_id, collection, id, data, version) values ('bench', 'bench.raw', $1, $2, 1)`,
        [id, bareData],
      );
      return;
    }
    const committed = await storage.transaction(tenantId, async (tx) => {
      counters.attempts += 1;
      await tx.records.put({
        collection: 'bench.items',
        id,
        data: RECORD_DATA,
        expectedVersion: 0,
      });
      if (variant === 'with_audit')
        unwrapOrThrow(await log.append(tx, auditInput(counters.attempts)));
      return ok(undefined);
    });
    unwrapOrThrow(committed);
  };

  try {
    for (const concurrency of scale.concurrencies) {
      const pgbenchTps = await pgbenchInsert(database, concurrency, scale.phaseMs / 1000);
      const floor = await pgbenchLeafRowFloor(database, concurrency, scale.phaseMs / 1000);
      // Warm-up at this concurrency: JIT, and the pool's new connections (their first
      // statements load catalog caches).
      for (const variant of VARIANTS) {
        await runWorkers(concurrency, Math.min(1000, scale.phaseMs / 2), (worker, n) =>
          operation(variant, `warm-${variant}-${concurrency}-${worker}-${n}`),
        );
      }
      const measured: Measured = {
        with_audit: { ops: 0, seconds: 0, attempts: 0, rounds: [] },
        without_audit: { ops: 0, seconds: 0, attempts: 0, rounds: [] },
        bare_insert: { ops: 0, seconds: 0, attempts: 0, rounds: [] },
      };
      for (let round = 0; round < scale.appendRounds; round += 1) {
        for (const variant of round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
          const attemptsBefore = counters.attempts;
          const run = await runWorkers(concurrency, scale.phaseMs, (worker, n) =>
            operation(variant, `${variant}-${concurrency}-${round}-${worker}-${n}`),
          );
          const totals = measured[variant];
          totals.ops += run.ops;
          totals.seconds += run.seconds;
          totals.attempts += counters.attempts - attemptsBefore;
          totals.rounds.push(run.ops / run.seconds);
        }
      }
      progress(
        `appends c=${concurrency}: ${VARIANTS.map((variant) => `${variant} ${rate(measured[variant]).toFixed(0)}/s`).join(', ')}, pgbench INSERT ${pgbenchTps.toFixed(0)} tps`,
      );
      metrics.push(
        ...appendMetrics(concurrency, measured, pgbenchTps),
        floorMetric(concurrency, floor),
      );
    }
  } finally {
    await storage.close();
    await pool.end();
  }
  const clients = scale.concurrencies.includes(8) ? 8 : (scale.concurrencies[0] ?? 1);
  const standard = await pgbenchStandard(database, clients, scale.pgbenchSeconds);
  metrics.push({
    name: `baseline: pgbench -N (scale 1), c=${clients}`,
    value: standard,
    unit: 'tx/s',
    note: 'standard pgbench simple-update transaction (3 statements + 1 insert), same server',
  });
  return metrics;
}

// The characters an audit leaf takes as the JSON string in its pending record's data.
const LEAF_DATA_CHARACTERS = JSON.stringify(canonicalLeaf(1)).length - 2;

interface LeafRowFloor {
  readonly oneRowTps: number;
  readonly twoRowTps: number;
}

// pgbench alone: the measured transaction's shape with and without a leaf-sized second row.
async function pgbenchLeafRowFloor(
  database: BenchDatabase,
  concurrency: number,
  seconds: number,
): Promise<LeafRowFloor> {
  const oneRowTps = await pgbenchRecordTransaction(database, concurrency, seconds);
  const twoRowTps = await pgbenchRecordTransaction(
    database,
    concurrency,
    seconds,
    LEAF_DATA_CHARACTERS,
  );
  return { oneRowTps, twoRowTps };
}

function floorMetric(concurrency: number, floor: LeafRowFloor): Metric {
  const cost = 1 - floor.twoRowTps / floor.oneRowTps;
  return {
    name: `append floor: pgbench, the same SERIALIZABLE tx with a second row of an audit leaf's size, c=${concurrency}`,
    value: floor.twoRowTps,
    unit: 'tx/s',
    baseline: { label: 'pgbench, the one-row tx', value: floor.oneRowTps },
    ratio: floor.twoRowTps / floor.oneRowTps,
    note: `${(cost * 100).toFixed(1)} % fewer tx/s: what one more row of ${LEAF_DATA_CHARACTERS} characters costs Postgres alone in this transaction (no Strongroom code, no RLS), the floor under the audit cost above`,
  };
}

function rate(totals: VariantTotals): number {
  return totals.ops / totals.seconds;
}

function appendMetrics(concurrency: number, measured: Measured, pgbenchTps: number): Metric[] {
  const withAudit = rate(measured.with_audit);
  const withoutAudit = rate(measured.without_audit);
  const bare = rate(measured.bare_insert);
  const cost = 1 - withAudit / withoutAudit;
  const c = `c=${concurrency}`;
  const roundRatios = measured.with_audit.rounds.map((value, round) =>
    (value / (measured.without_audit.rounds[round] ?? Number.NaN)).toFixed(2),
  );
  const attemptsPerTx = (variant: Variant) =>
    (measured[variant].attempts / measured[variant].ops).toFixed(3);
  return [
    {
      name: `append: tx with record + audit leaf, ${c}`,
      value: withAudit,
      unit: 'tx/s',
      baseline: { label: 'same tx without audit leaf', value: withoutAudit },
      ratio: withAudit / withoutAudit,
      target: { text: '>= 0.90', pass: cost < TARGET_COST },
      note: `the log wired as createStrongroom wires it (native SHA-256); per-round ratios ${roundRatios.join(', ')}; attempts/tx ${attemptsPerTx('with_audit')}`,
    },
    {
      name: `append: audit throughput cost, ${c}`,
      value: cost * 100,
      unit: '%',
      target: { text: '< 10 %', pass: cost < TARGET_COST },
      note: '1 - with/without, from the totals of the interleaved rounds',
    },
    {
      name: `append: tx with record only, ${c}`,
      value: withoutAudit,
      unit: 'tx/s',
      baseline: { label: 'bare INSERT (pg, autocommit)', value: bare },
      ratio: withoutAudit / bare,
      note: `SERIALIZABLE tx: BEGIN, set role+tenant, INSERT, COMMIT; attempts/tx ${attemptsPerTx('without_audit')}`,
    },
    {
      name: `baseline: bare INSERT via pg, ${c}`,
      value: bare,
      unit: 'rows/s',
      baseline: { label: 'pgbench 1-INSERT script', value: pgbenchTps },
      ratio: bare / pgbenchTps,
      note: 'same row into a same-shaped table without RLS, interleaved with the two above',
    },
    {
      name: `baseline: pgbench 1-INSERT script, ${c}`,
      value: pgbenchTps,
      unit: 'tx/s',
      note: 'measured just before the rounds, -M extended',
    },
  ];
}
