import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresKysely, migrateToLatest, postgresTypes } from '@strongroom/postgres';

/** The slice of `pg` the bench uses; `pg` is resolved through `@strongroom/postgres`, not added. */
export interface PgPool {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): void;
}
interface PgModule {
  Pool: new (options: {
    connectionString: string;
    max?: number;
    types?: unknown;
    pipeline?: boolean;
  }) => PgPool;
}
const pg = createRequire(new URL('../packages/postgres/package.json', import.meta.url))(
  'pg',
) as PgModule;

/** A superuser URL on the maintenance database, as the Postgres tests use. */
export const ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A pg pool on `connectionString` as the connecting (super)user; with `forStorage`, it is built as
 * the storage docs ask of a host's pool: the type parsers `createPostgresStorage({ pool })`
 * requires, and (unless `pipeline` is false) pipeline mode, so that a transaction's BEGIN goes out
 * with its first statement.
 */
export function rawPool(
  connectionString: string,
  max: number,
  forStorage = false,
  pipeline = forStorage,
): PgPool {
  const pool = new pg.Pool({
    connectionString,
    max,
    ...(forStorage ? { types: postgresTypes, pipeline } : {}),
  });
  pool.on('error', () => {});
  return pool;
}

async function asAdmin(statement: string): Promise<void> {
  const pool = rawPool(ADMIN_URL, 1);
  try {
    await pool.query(statement);
  } finally {
    await pool.end();
  }
}

/**
 * A database created for this run; `drop()` removes it (and its pgbench TPC-B companion, see
 * {@link createTpcbDatabase}) even with connections left open.
 */
export interface BenchDatabase {
  readonly name: string;
  readonly connectionString: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database, migrates it to the Strongroom schema and adds `bench_raw`, a table of
 * the same shape as `strongroom_records` (without row-level security) for the bare-INSERT and
 * pgbench baselines.
 */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `sr_bench_${randomBytes(6).toString('hex')}`;
  await asAdmin(`create database ${name} template template0`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database: BenchDatabase = {
    name,
    connectionString: url.toString(),
    async drop() {
      await asAdmin(`drop database if exists ${tpcbName(name)} with (force)`);
      await asAdmin(`drop database if exists ${name} with (force)`);
    },
  };
  try {
    const db = createPostgresKysely({ connectionString: database.connectionString });
    await migrateToLatest(db);
    await db.destroy();
    const pool = rawPool(database.connectionString, 1);
    await pool.query(`
      create table bench_raw (
        tenant_id text not null,
        collection text collate "C" not null,
        id text collate "C" not null,
        data jsonb not null,
        version int8 not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (tenant_id, collection, id)
      )`);
    await pool.end();
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/** The small record every benchmark transaction writes, as JSON. */
export const RECORD_DATA = { amount: '125.00', currency: 'EUR', status: 'posted' };

async function pgbench(database: BenchDatabase, args: readonly string[]): Promise<string> {
  const url = new URL(database.connectionString);
  const connection = [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    url.username || 'postgres',
  ];
  const run = (binary: string) =>
    promisify(execFile)(binary, [...connection, ...args, database.name], {
      maxBuffer: 16 * 1024 * 1024,
    });
  try {
    return (await run('pgbench')).stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return (await run('/usr/lib/postgresql/15/bin/pgbench')).stdout;
  }
}

function parseTps(output: string): number {
  const match = /tps = ([0-9.]+)/.exec(output);
  if (match?.[1] === undefined) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(match[1]);
}

// A row of `bench_raw` in a pgbench script, keyed by the client and a random number.
function pgbenchRow(collection: string, data: string): string {
  return `('bench', '${collection}', 'pgb-' || :client_id || '-' || :r, '${data}', 1)`;
}

// Runs a custom pgbench script of `statements` (extended protocol, like node-postgres), each
// client with a random `:r`; returns transactions per second.
async function runPgbenchScript(
  database: BenchDatabase,
  statements: readonly string[],
  clients: number,
  seconds: number,
): Promise<number> {
  const folder = await mkdtemp(join(tmpdir(), 'sr-bench-'));
  const script = join(folder, 'script.sql');
  await writeFile(script, ['\\set r random(1, 9000000000000000000)', ...statements, ''].join('\n'));
  try {
    const threads = String(Math.min(clients, 2));
    const args = ['-n', '-M', 'extended', '-f', script, '-c', String(clients), '-j', threads];
    return parseTps(await pgbench(database, [...args, '-T', String(seconds)]));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const BENCH_RAW_INSERT = 'INSERT INTO bench_raw (tenant_id, collection, id, data, version) VALUES';

/**
 * pgbench with a custom script of ONE autocommitted INSERT into `bench_raw` (same row as our
 * records), extended protocol like node-postgres; returns transactions per second.
 */
export function pgbenchInsert(
  database: BenchDatabase,
  clients: number,
  seconds: number,
): Promise<number> {
  const row = pgbenchRow('bench.raw', JSON.stringify(RECORD_DATA));
  return runPgbenchScript(database, [`${BENCH_RAW_INSERT} ${row};`], clients, seconds);
}

/**
 * pgbench with a custom script of the transaction the append benchmark measures, without any
 * Strongroom code: BEGIN SERIALIZABLE, one multi-row INSERT … ON CONFLICT DO NOTHING into
 * `bench_raw` of the record and, with `secondRowBytes`, a second row whose data is a JSON string
 * of that many characters (an audit leaf's size), COMMIT. The two rates bound from below what one
 * more row costs Postgres itself in such a transaction.
 */
export function pgbenchRecordTransaction(
  database: BenchDatabase,
  clients: number,
  seconds: number,
  secondRowBytes?: number,
): Promise<number> {
  const rows = [pgbenchRow('bench.raw', JSON.stringify(RECORD_DATA))];
  // A filler of the leaf's length: pgbench would read a colon in real JSON as a variable.
  if (secondRowBytes !== undefined)
    rows.push(pgbenchRow('bench.leaf', JSON.stringify({ leaf: 'x'.repeat(secondRowBytes) })));
  const statements = [
    'BEGIN ISOLATION LEVEL SERIALIZABLE;',
    `${BENCH_RAW_INSERT} ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING id;`,
    'COMMIT;',
  ];
  return runPgbenchScript(database, statements, clients, seconds);
}

/** Standard pgbench: `-i -s 1`, then `-N` (TPC-B without the branch/teller updates). */
export async function pgbenchStandard(
  database: BenchDatabase,
  clients: number,
  seconds: number,
): Promise<number> {
  await pgbench(database, ['-i', '-s', '1', '-q']);
  const threads = String(Math.min(clients, 2));
  return parseTps(
    await pgbench(database, [
      '-n',
      '-N',
      '-c',
      String(clients),
      '-j',
      threads,
      '-T',
      String(seconds),
    ]),
  );
}

// The TPC-B database is named after the run's, so that the run's `drop()` (also on Ctrl-C) finds it.
function tpcbName(name: string): string {
  return `${name}_tpcb`;
}

/**
 * A second database on the same server holding pgbench's TPC-B tables at `scaleFactor`
 * (`pgbench -i -s <scaleFactor>`, rows generated server-side, vacuumed, primary keys), apart from
 * the Strongroom schema so that neither benchmark touches the other's tables; its `drop()` removes
 * only it.
 */
export async function createTpcbDatabase(
  database: BenchDatabase,
  scaleFactor: number,
): Promise<BenchDatabase> {
  const name = tpcbName(database.name);
  await asAdmin(`create database ${name} template template0`);
  const url = new URL(database.connectionString);
  url.pathname = `/${name}`;
  const tpcb: BenchDatabase = {
    name,
    connectionString: url.toString(),
    drop: () => asAdmin(`drop database if exists ${name} with (force)`),
  };
  try {
    await pgbench(tpcb, ['-i', '-s', String(scaleFactor), '-q', '-I', 'dtGvp']);
  } catch (error) {
    await tpcb.drop();
    throw error;
  }
  return tpcb;
}

/** One pgbench run: its throughput and the latency of every transaction it completed. */
export interface PgbenchRun {
  /** Transactions per second, without the initial connection time (as pgbench prints it). */
  readonly tps: number;
  /** Latency of each completed transaction, in milliseconds, from pgbench's transaction log. */
  readonly latenciesMs: number[];
  /** Transactions pgbench reports as failed (serialization or deadlock errors). */
  readonly failed: number;
}

// pgbench -l writes one line per transaction: `client tx latency_us script epoch_s epoch_us ...`;
// the latency field reads `failed` or `skipped` for transactions that did not complete.
async function transactionLatenciesMs(folder: string): Promise<number[]> {
  const latenciesMs: number[] = [];
  for (const file of await readdir(folder)) {
    if (!file.startsWith('tpcb.')) continue;
    for (const line of (await readFile(join(folder, file), 'utf8')).split('\n')) {
      const microseconds = Number(line.split(' ')[2]);
      if (line !== '' && Number.isFinite(microseconds)) latenciesMs.push(microseconds / 1000);
    }
  }
  return latenciesMs;
}

/**
 * pgbench's built-in TPC-B script (three UPDATEs, a SELECT and an INSERT per transaction) on a
 * database made by {@link createTpcbDatabase}: `-c <clients> -j <min(clients, 4)> -T <seconds>
 * -M prepared`, logging every transaction for the latency percentiles.
 */
export async function pgbenchTpcb(
  tpcb: BenchDatabase,
  clients: number,
  seconds: number,
): Promise<PgbenchRun> {
  const folder = await mkdtemp(join(tmpdir(), 'sr-bench-tpcb-'));
  try {
    const output = await pgbench(tpcb, [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 4)),
      '-T',
      String(seconds),
      '-l',
      `--log-prefix=${join(folder, 'tpcb')}`,
    ]);
    const failed = /number of failed transactions: ([0-9]+)/.exec(output)?.[1];
    return {
      tps: parseTps(output),
      latenciesMs: await transactionLatenciesMs(folder),
      failed: failed === undefined ? 0 : Number(failed),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
