import { randomBytes } from 'node:crypto';
import { AUDIT_COLLECTIONS } from '@strongroom/audit';
import { ok, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresStorage, type PostgresStorageOptions } from '@strongroom/postgres';
import { CARD_COLLECTIONS } from '@strongroom/vault';
import { type BenchDatabase, type PgPool, rawPool } from './database.js';
import { type BenchScale, benchTenant, type Metric, progress, runWorkers } from './harness.js';
import {
  BENCH_PRINCIPAL,
  BENCH_PURPOSE,
  type BenchVault,
  benchCard,
  createBenchVault,
  PanSerials,
} from './vault-setup.js';
import {
  emptyTotals,
  latencySummary,
  percentileMs,
  rate,
  runTimedWorkers,
  type TimedTotals,
} from './vault-timing.js';

const TARGET_RATIO = 0.5;
const TARGET_P99_AIM_MS = 10;
const TARGET_P99_BRIEF_MS = 100;

type WriteVariant = 'tokenize' | 'bare_insert';
const WRITE_VARIANTS: readonly WriteVariant[] = ['tokenize', 'bare_insert'];
type ReadVariant = 'reveal_full' | 'reveal_masked' | 'bare_select';
const READ_VARIANTS: readonly ReadVariant[] = ['reveal_full', 'reveal_masked', 'bare_select'];

/** What the vault stores for one card, copied so that the baseline rows have the same size. */
interface RowShape {
  readonly tokenData: string;
  readonly tokenIdLength: number;
  readonly fingerprintData: string;
  readonly fingerprintIdLength: number;
}

// Everything the operations share: the vault, the raw pool and the ids written so far.
interface VaultRun {
  readonly bench: BenchVault;
  readonly pool: PgPool;
  readonly tenantId: TenantId;
  readonly shape: RowShape;
  readonly serials: PanSerials;
  readonly tokens: string[];
  readonly rawTokenIds: string[];
}

interface ConcurrencyResult {
  readonly concurrency: number;
  readonly write: Record<WriteVariant, TimedTotals>;
  readonly read: Record<ReadVariant, TimedTotals>;
}

/** Average stored size (`pg_column_size` of the jsonb) of the rows of one collection. */
type RowSizes = Record<string, number>;

/**
 * Benchmark 4 (issue #10): the card vault on Postgres with the software KMS and the vault's
 * default data-key cache. Per concurrency level: `cards.tokenize` of a new Luhn-valid card per
 * operation against a bare autocommitted INSERT of a token row and a fingerprint row of the same
 * size into `bench_raw` (interleaved ABAB rounds); then `cards.detokenize` full (decrypts) and
 * masked against a bare SELECT of a token-sized row by primary key (ABC, CBA rounds). Reports
 * ops/s with the ratio to the baseline, p50 and p99 latency, and transaction attempts per op.
 */
export async function benchVault(database: BenchDatabase, scale: BenchScale): Promise<Metric[]> {
  // One pool for the storage and the bare statements, so connections stay within the workers.
  const pool = rawPool(database.connectionString, Math.max(...scale.concurrencies) + 2, true);
  // The bench types only the slice of pg it uses, hence the cast to the storage's `pg.Pool`.
  const storage = createPostgresStorage({ pool } as unknown as PostgresStorageOptions);
  const bench = await createBenchVault(storage);
  const tenantId = benchTenant('bench-vault');
  const serials = new PanSerials();
  try {
    const first = unwrapOrThrow(
      await bench.vault.cards.tokenize(tenantId, BENCH_PRINCIPAL, benchCard(serials.next())),
    );
    const run: VaultRun = {
      bench,
      pool,
      tenantId,
      shape: await rowShape(bench, tenantId, first.token),
      serials,
      tokens: [first.token],
      rawTokenIds: [],
    };
    const results: ConcurrencyResult[] = [];
    for (const concurrency of scale.concurrencies) {
      const write = await interleaved(run, WRITE_VARIANTS, concurrency, scale, writeOperation);
      const read = await interleaved(run, READ_VARIANTS, concurrency, scale, readOperation);
      progress(
        `vault c=${concurrency}: tokenize ${rate(write.tokenize).toFixed(0)}/s (bare INSERT ${rate(write.bare_insert).toFixed(0)}/s), full reveal ${rate(read.reveal_full).toFixed(0)}/s, masked ${rate(read.reveal_masked).toFixed(0)}/s (bare SELECT ${rate(read.bare_select).toFixed(0)}/s)`,
      );
      results.push({ concurrency, write, read });
    }
    const sizes = await rowSizes(pool, tenantId);
    const calls = bench.kmsCalls;
    const cache = bench.vault.dataKeyCache.stats();
    return [
      ...results.flatMap((result) => vaultMetrics(result, sizes, scale)),
      {
        name: 'vault: KMS calls during the Postgres run (default data-key cache)',
        value: calls.generateDataKey + calls.unwrap + calls.wrap + calls.rewrap + calls.describe,
        unit: 'calls',
        note: `for ${run.tokens.length} tokenizations and every reveal above: generateDataKey ${calls.generateDataKey}, unwrap ${calls.unwrap}, other ${calls.wrap + calls.rewrap + calls.describe}; cache hits ${cache.hits}, misses ${cache.misses}`,
      },
    ];
  } finally {
    await bench.close();
    await storage.close();
    await pool.end();
  }
}

// Reads, through the storage port, the token and fingerprint records the vault wrote for `token`.
async function rowShape(bench: BenchVault, tenantId: TenantId, token: string): Promise<RowShape> {
  return unwrapOrThrow(
    await bench.storage.transaction(tenantId, async (tx) => {
      const tokenRecord = await tx.records.get(CARD_COLLECTIONS.tokens, token);
      const fingerprints = tokenRecord?.data['fingerprints'];
      const fingerprintId = Array.isArray(fingerprints) ? fingerprints[0] : undefined;
      if (tokenRecord === undefined || typeof fingerprintId !== 'string')
        throw new Error('the vault stored no token record naming its fingerprint');
      const fingerprintRecord = await tx.records.get(CARD_COLLECTIONS.fingerprints, fingerprintId);
      if (fingerprintRecord === undefined)
        throw new Error('the vault stored no fingerprint record');
      return ok({
        tokenData: JSON.stringify(tokenRecord.data),
        tokenIdLength: token.length,
        fingerprintData: JSON.stringify(fingerprintRecord.data),
        fingerprintIdLength: fingerprintId.length,
      });
    }),
  );
}

// A random id of `length` characters: vault tokens are random, so the baseline's primary-key
// inserts land at random places in the index too.
function randomId(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

function pick(ids: readonly string[]): string {
  const id = ids[Math.floor(Math.random() * ids.length)];
  if (id === undefined) throw new Error('nothing was written to read back');
  return id;
}

async function writeOperation(run: VaultRun, variant: WriteVariant): Promise<void> {
  if (variant === 'bare_insert') {
    const tokenId = randomId(run.shape.tokenIdLength);
    // One statement, both rows, autocommitted: the least a database can do to store a card.
    await run.pool.query(
      `insert into bench_raw (tenant_id, collection, id, data, version)
       values ($1, $2, $3, $4, 1), ($1, $5, $6, $7, 1)`,
      [
        run.tenantId,
        CARD_COLLECTIONS.tokens,
        tokenId,
        run.shape.tokenData,
        CARD_COLLECTIONS.fingerprints,
        randomId(run.shape.fingerprintIdLength),
        run.shape.fingerprintData,
      ],
    );
    run.rawTokenIds.push(tokenId);
    return;
  }
  const card = unwrapOrThrow(
    await run.bench.vault.cards.tokenize(
      run.tenantId,
      BENCH_PRINCIPAL,
      benchCard(run.serials.next()),
    ),
  );
  if (card.deduplicated) throw new Error('a benchmark card was deduplicated: PANs must differ');
  run.tokens.push(card.token);
}

async function readOperation(run: VaultRun, variant: ReadVariant): Promise<void> {
  if (variant === 'bare_select') {
    const { rows } = await run.pool.query(
      'select data from bench_raw where tenant_id = $1 and collection = $2 and id = $3',
      [run.tenantId, CARD_COLLECTIONS.tokens, pick(run.rawTokenIds)],
    );
    if (rows.length !== 1) throw new Error('the bare SELECT found no row');
    return;
  }
  const reveal = variant === 'reveal_full' ? 'full' : 'masked';
  const card = unwrapOrThrow(
    await run.bench.vault.cards.detokenize(run.tenantId, BENCH_PRINCIPAL, pick(run.tokens), {
      purpose: BENCH_PURPOSE,
      reveal,
    }),
  );
  if (card.reveal !== reveal) throw new Error('the vault revealed another level than asked for');
}

// Warm-up per variant (JIT, new pool connections), then `vaultRounds` rounds alternating the
// variants' order (ABC, CBA, ...), so drift of the machine hits every variant alike.
async function interleaved<Variant extends string>(
  run: VaultRun,
  variants: readonly Variant[],
  concurrency: number,
  scale: BenchScale,
  operation: (run: VaultRun, variant: Variant) => Promise<void>,
): Promise<Record<Variant, TimedTotals>> {
  for (const variant of variants) {
    await runWorkers(concurrency, Math.min(1000, scale.vaultPhaseMs / 2), () =>
      operation(run, variant),
    );
  }
  const totals = Object.fromEntries(variants.map((variant) => [variant, emptyTotals()])) as Record<
    Variant,
    TimedTotals
  >;
  for (let round = 0; round < scale.vaultRounds; round += 1) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const attemptsBefore = run.bench.counts.attempts;
      await runTimedWorkers(totals[variant], concurrency, scale.vaultPhaseMs, () =>
        operation(run, variant),
      );
      totals[variant].attempts += run.bench.counts.attempts - attemptsBefore;
    }
  }
  return totals;
}

async function rowSizes(pool: PgPool, tenantId: TenantId): Promise<RowSizes> {
  const collections = [CARD_COLLECTIONS.tokens, CARD_COLLECTIONS.fingerprints];
  const sizes: RowSizes = {};
  for (const table of ['strongroom_records', 'bench_raw']) {
    const { rows } = await pool.query(
      `select collection, avg(pg_column_size(data))::int as bytes from ${table}
       where tenant_id = $1 and collection = any($2) group by collection`,
      [tenantId, [...collections, AUDIT_COLLECTIONS.pending]],
    );
    for (const row of rows) sizes[`${table}/${String(row['collection'])}`] = Number(row['bytes']);
  }
  return sizes;
}

function roundRatios(value: TimedTotals, baseline: TimedTotals): string {
  return value.rounds
    .map((perSecond, round) => (perSecond / (baseline.rounds[round] ?? Number.NaN)).toFixed(2))
    .join(', ');
}

function attemptsPerOp(totals: TimedTotals): string {
  return (totals.attempts / totals.ops).toFixed(3);
}

// Throughput against the baseline, and p99 against the product brief and against our aim.
function operationMetrics(
  label: string,
  concurrency: number,
  measured: TimedTotals,
  baseline: { readonly label: string; readonly totals: TimedTotals },
  note: string,
): Metric[] {
  const c = `c=${concurrency}`;
  const ratio = rate(measured) / rate(baseline.totals);
  const p99 = percentileMs(measured, 0.99);
  const baselineP99 = percentileMs(baseline.totals, 0.99);
  const latencyNote = `p50 ${percentileMs(measured, 0.5).toFixed(2)} ms; ${baseline.label} ${latencySummary(baseline.totals)}`;
  return [
    {
      name: `vault: ${label}, ${c}`,
      value: rate(measured),
      unit: 'ops/s',
      baseline: { label: baseline.label, value: rate(baseline.totals) },
      ratio,
      target: { text: `>= ${TARGET_RATIO.toFixed(2)}`, pass: ratio >= TARGET_RATIO },
      note: `${note}; per-round ratios ${roundRatios(measured, baseline.totals)}; tx attempts/op ${attemptsPerOp(measured)}`,
    },
    {
      name: `vault: ${label} p99 latency, ${c}`,
      value: p99,
      unit: 'ms',
      baseline: { label: `${baseline.label} p99`, value: baselineP99 },
      ratio: p99 / baselineP99,
      target: {
        text: `< ${TARGET_P99_BRIEF_MS} ms (product brief)`,
        pass: p99 < TARGET_P99_BRIEF_MS,
      },
      note: latencyNote,
    },
    {
      name: `vault: ${label} p99 latency vs aim, ${c}`,
      value: p99,
      unit: 'ms',
      target: { text: `< ${TARGET_P99_AIM_MS} ms (aim)`, pass: p99 < TARGET_P99_AIM_MS },
      note: 'same samples as the row above',
    },
  ];
}

function vaultMetrics(result: ConcurrencyResult, sizes: RowSizes, scale: BenchScale): Metric[] {
  const { concurrency, write, read } = result;
  const c = `c=${concurrency}`;
  const size = (table: string, collection: string) => `${sizes[`${table}/${collection}`] ?? '?'} B`;
  const insert = { label: 'bare INSERT', totals: write.bare_insert };
  const select = { label: 'bare SELECT', totals: read.bare_select };
  const rounds = `${scale.vaultRounds} rounds × ${scale.vaultPhaseMs / 1000} s`;
  return [
    ...operationMetrics(
      'tokenize',
      concurrency,
      write.tokenize,
      insert,
      'new Luhn-valid Visa PAN per op; 2 envelopes (PAN, name) + HMAC fingerprint, then 1 SERIALIZABLE tx: token row + fingerprint row + audit leaf',
    ),
    ...operationMetrics(
      'detokenize full reveal',
      concurrency,
      read.reveal_full,
      select,
      'random token; read tx, 2 AES-GCM decrypts (data keys from the cache), then the audit-leaf tx before the PAN is returned',
    ),
    ...operationMetrics(
      'detokenize masked',
      concurrency,
      read.reveal_masked,
      select,
      'random token; 1 tx: read + audit leaf, nothing decrypted',
    ),
    {
      name: `baseline: bare INSERT of token + fingerprint rows, ${c}`,
      value: rate(write.bare_insert),
      unit: 'ops/s',
      note: `1 autocommitted statement, 2 rows into bench_raw (no RLS): jsonb ${size('bench_raw', CARD_COLLECTIONS.tokens)} + ${size('bench_raw', CARD_COLLECTIONS.fingerprints)}, as the vault's ${size('strongroom_records', CARD_COLLECTIONS.tokens)} + ${size('strongroom_records', CARD_COLLECTIONS.fingerprints)}; the vault's audit leaf row (${size('strongroom_records', AUDIT_COLLECTIONS.pending)}) has no counterpart; ${latencySummary(write.bare_insert)}; ${rounds}`,
    },
    {
      name: `baseline: bare SELECT of a token row by primary key, ${c}`,
      value: rate(read.bare_select),
      unit: 'ops/s',
      note: `random row of bench_raw written by the bare INSERTs, autocommit; ${latencySummary(read.bare_select)}; ${rounds}`,
    },
  ];
}
