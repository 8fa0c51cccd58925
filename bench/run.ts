/**
 * `pnpm bench`: the audit benchmarks of DESIGN.md §7 and issue #9, the vault benchmarks of issue
 * #10, the ledger benchmarks of issue #11, the identity benchmarks of issue #12, the disputes
 * benchmarks of issue #13 and the HTTP benchmark of issue #14, each next to a baseline measured in
 * the same run (pgbench and a bare INSERT / SELECT on the same Postgres, pgbench's TPC-B at scale
 * 32, raw SHA-256 of the same bytes, the vault without its data-key cache, raw `crypto.argon2`
 * hashes, the disputes sweep with nothing else indexed, a bare `node:http` hello-world), and what
 * the Postgres storage's statement modes are worth against the storage before them.
 * `BENCH_SCALE=small` runs a short version (~1-2 minutes per part). `BENCH_ONLY` picks the parts,
 * comma-separated: `audit`, `vault`, `ledger`, `storage`, `identity`, `disputes`, `http` (default:
 * all), e.g. `BENCH_ONLY=ledger pnpm bench`. Writes `bench/results/<timestamp>.json` and
 * `bench/results/latest.md`, and prints the table.
 */
import { cpus, totalmem } from 'node:os';
import { createMemoryStorage } from '@strongroom/memory';
import { createPostgresStorage } from '@strongroom/postgres';
import { benchAppends } from './appends.js';
import { ADMIN_URL, createBenchDatabase, rawPool } from './database.js';
import { benchDisputes } from './disputes/disputes.js';
import { benchLogVerify, benchVerifyExport } from './full-verify.js';
import { benchScale, type Metric, progress } from './harness.js';
import { benchHttp } from './http/http.js';
import { benchIdentity } from './identity/identity.js';
import { benchLedger } from './ledger.js';
import { benchLedgerBackends } from './ledger-backends.js';
import { benchProofs, buildMemoryLog } from './proofs.js';
import { writeReport } from './report.js';
import { benchSequencer } from './sequencer.js';
import { benchStorageModes } from './storage-modes.js';
import { benchVault } from './vault.js';
import { benchVaultKmsCalls } from './vault-kms-calls.js';

const PARTS = ['audit', 'vault', 'ledger', 'storage', 'identity', 'disputes', 'http'] as const;
type Part = (typeof PARTS)[number];

// Reads `BENCH_ONLY`; an unknown name stops the run rather than silently measuring nothing.
function benchParts(): ReadonlySet<Part> {
  const value = process.env['BENCH_ONLY']?.trim();
  if (value === undefined || value === '') return new Set(PARTS);
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(PARTS as readonly string[]).includes(name))
      throw new Error(`BENCH_ONLY: unknown part '${name}'; use ${PARTS.join(', ')}`);
  }
  return new Set(names as Part[]);
}

const parts = benchParts();

const scale = benchScale();
const startedAt = new Date().toISOString();
const start = performance.now();
const metrics: Metric[] = [];
// Printed after the audit part's metrics, so each part's rows stay together.
const vaultMetrics: Metric[] = [];
const ledgerMetrics: Metric[] = [];
const storageMetrics: Metric[] = [];
const identityMetrics: Metric[] = [];
const disputesMetrics: Metric[] = [];
const httpMetrics: Metric[] = [];

const admin = rawPool(ADMIN_URL, 1);
const serverVersion = String(
  (await admin.query('show server_version')).rows[0]?.['server_version'],
);
await admin.end();

const database = await createBenchDatabase();
progress(`scale ${scale.name}; parts ${[...parts].join(', ')}; database ${database.name}`);
// Ctrl-C must not leave the database behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void database.drop().finally(() => process.exit(130)));
}
try {
  if (parts.has('audit')) {
    metrics.push(...(await benchAppends(database, scale)));
    const storage = createPostgresStorage({
      connectionString: database.connectionString,
      maxConnections: 10,
    });
    try {
      progress('sequencer on postgres');
      const sequenced = await benchSequencer('postgres', storage, scale.sequencerLeaves, 8);
      metrics.push(...sequenced.metrics);
      progress('proof generation on postgres');
      metrics.push(...(await benchProofs('postgres', sequenced.built, scale.proofMs, false)));
    } finally {
      await storage.close();
    }
  }
  if (parts.has('vault')) {
    progress('vault tokenize / detokenize on postgres');
    vaultMetrics.push(...(await benchVault(database, scale)));
  }
  if (parts.has('ledger')) {
    progress('ledger transfers on postgres, next to pgbench TPC-B');
    ledgerMetrics.push(...(await benchLedger(database, scale)));
  }
  if (parts.has('storage')) {
    progress('postgres storage modes: one transfer per commit, held BEGIN and prepared statements');
    storageMetrics.push(...(await benchStorageModes(database, scale)));
  }
  if (parts.has('identity')) identityMetrics.push(...(await benchIdentity(database, scale)));
  if (parts.has('disputes')) disputesMetrics.push(...(await benchDisputes(database, scale)));
  if (parts.has('http')) httpMetrics.push(...(await benchHttp(database, scale)));
} finally {
  await database.drop();
}

if (parts.has('audit')) {
  progress('sequencer on memory');
  metrics.push(
    ...(await benchSequencer('memory', createMemoryStorage(), scale.sequencerLeaves, 1)).metrics,
  );
  progress(`building a ${scale.proofLogLeaves}-leaf memory log`);
  const proofLog = await buildMemoryLog(scale.proofLogLeaves);
  progress('proofs on memory');
  metrics.push(...(await benchProofs('memory', proofLog, scale.proofMs, true)));
  progress(`verifyExport of ${scale.exportEntries} entries`);
  const exported = await benchVerifyExport(scale.exportEntries);
  progress('log.verify on memory');
  const logVerify = await benchLogVerify(proofLog, exported.raw);
  metrics.push(...exported.verify, ...logVerify, ...exported.raw.metrics, ...exported.breakdown);
}
if (parts.has('vault')) metrics.push(...vaultMetrics, ...(await benchVaultKmsCalls(scale)));
if (parts.has('ledger')) metrics.push(...ledgerMetrics, ...(await benchLedgerBackends(scale)));
metrics.push(...storageMetrics, ...identityMetrics, ...disputesMetrics, ...httpMetrics);

const markdown = await writeReport(
  {
    startedAt,
    scale: scale.name,
    seconds: (performance.now() - start) / 1000,
    environment: {
      node: process.version,
      postgres: serverVersion,
      cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
      memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
      parts: [...parts].join(', '),
      note: 'shared, noisy machine: compare ratios, not absolute numbers',
    },
  },
  metrics,
);
process.stdout.write(markdown);
