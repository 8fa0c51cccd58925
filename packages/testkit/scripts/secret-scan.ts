/**
 * The report of the full-suite secret scan, run after the tests (`.ci/test` does):
 *
 *   tsx packages/testkit/scripts/secret-scan.ts [--leftovers] [--require-every-backend]
 *
 * It reads the folder in STRONGROOM_SECRET_SCAN_DIR. `--leftovers` first inspects what the tests
 * left on the servers: every key in Redis and every `sr_%` database on the Postgres server.
 * `--require-every-backend` (a full run) fails when a backend had no store with rows inspected.
 * Exits 1 on any finding, printing where and what kind, never the secret.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  formatSecretScanReport,
  inspectPostgresDatabase,
  inspectStore,
  readSecretScanReport,
  redisKeyRows,
  SECRET_SCAN_DIR_VARIABLE,
  secretScanDirectory,
  uncoveredBackends,
} from '../src/secret-scan.js';

const POSTGRES_ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function withPostgres<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function inspectLeftovers(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    await inspectStore('redis', 'keys left after the run', () => redisKeyRows(redis, '*'));
  } finally {
    redis.disconnect();
  }
  const names = await withPostgres(POSTGRES_ADMIN_URL, async (client) => {
    const listed = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 'sr\\_%' order by 1",
    );
    return listed.rows.map((row) => row.datname);
  });
  for (const name of names) {
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    await inspectPostgresDatabase(`${name} (left after the run)`, url.toString());
  }
}

async function main(): Promise<number> {
  const directory = secretScanDirectory();
  if (directory === undefined) {
    console.error(`secret scan: ${SECRET_SCAN_DIR_VARIABLE} is not set`);
    return 2;
  }
  const flags = new Set(process.argv.slice(2));
  if (flags.has('--leftovers')) await inspectLeftovers();
  const report = readSecretScanReport(directory);
  const uncovered = flags.has('--require-every-backend') ? uncoveredBackends(report) : [];
  console.log('secret scan:');
  for (const line of formatSecretScanReport(report)) console.log(line);
  for (const backend of uncovered) console.log(`  MISSING: no ${backend} store was inspected`);
  const failed = report.findings.length > 0 || uncovered.length > 0;
  console.log(
    failed
      ? `secret scan: FAILED, ${report.findings.length} finding(s), ${uncovered.length} backend(s) not covered`
      : 'secret scan: no secrets found',
  );
  return failed ? 1 : 0;
}

process.exitCode = await main();
