import { createRequire } from 'node:module';
import {
  createDynamoDbStorage,
  type DynamoDbStorageOptions,
  ensureTable,
} from '@strongroom/dynamodb';
import { type Storage, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
// The helper the DynamoDB tests use, imported from source: testkit's index also pulls in vitest.
import { type DynamoDbLocal, startDynamoDbLocal } from '../packages/testkit/src/dynamodb-local.js';
import { type BenchScale, benchTenant, type Metric, progress } from './harness.js';
import {
  emptyLedgerTotals,
  LEDGER_MODE_LABELS,
  LEDGER_MODES,
  type LedgerMode,
  type LedgerTotals,
  ledgerNote,
  runLedgerPhase,
  transfersPerSecond,
  warmUp,
} from './ledger-run.js';
import { BENCH_WALLETS, createBenchLedgers } from './ledger-setup.js';
import { latencySummary } from './vault-timing.js';

/** Workers of the memory and DynamoDB runs: enough for auto-batching to have calls to coalesce. */
const BACKEND_CONCURRENCY = 8;

type DynamoDbClient = DynamoDbStorageOptions['client'];
interface AwsDynamoDbModule {
  DynamoDBClient: new (config: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  }) => DynamoDbClient;
}
// The AWS SDK is a dependency of `@strongroom/dynamodb`, not of the workspace root: resolve it there.
const aws = createRequire(new URL('../packages/dynamodb/package.json', import.meta.url))(
  '@aws-sdk/client-dynamodb',
) as AwsDynamoDbModule;

/**
 * The ledger's transfers/s on memory and on DynamoDB Local (started from the emulator on disk, as
 * the DynamoDB tests start it; skipped with the reason noted when it cannot start), uniform over
 * 50 wallets at concurrency 8, in each mode one phase after a warm-up.
 */
export async function benchLedgerBackends(scale: BenchScale): Promise<Metric[]> {
  progress('ledger on memory');
  const memory = createMemoryStorage();
  const metrics = await measureBackend('memory', memory, scale);
  await memory.close();

  progress('ledger on DynamoDB Local');
  let local: DynamoDbLocal;
  try {
    local = await startDynamoDbLocal();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress(`DynamoDB Local skipped: ${reason}`);
    return [
      ...metrics,
      {
        name: 'ledger on DynamoDB Local: skipped',
        value: Number.NaN,
        unit: 'transfers/s',
        note: `DynamoDB Local did not start: ${reason}`,
      },
    ];
  }
  const client = new aws.DynamoDBClient({
    endpoint: local.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
  });
  try {
    const tableName = 'strongroom-bench-ledger';
    unwrapOrThrow(await ensureTable({ client, tableName }));
    const storage = createDynamoDbStorage({ client, tableName });
    metrics.push(...(await measureBackend('DynamoDB Local', storage, scale)));
    await storage.close();
  } finally {
    client.destroy();
    await local.stop();
  }
  return metrics;
}

async function measureBackend(
  name: string,
  storage: Storage,
  scale: BenchScale,
): Promise<Metric[]> {
  const ledgers = await createBenchLedgers(storage, benchTenant('bench-ledger'));
  const metrics: Metric[] = [];
  const measured = new Map<LedgerMode, LedgerTotals>();
  // One warm-up for all modes: they share the code that matters, and batch calls on DynamoDB
  // Local take seconds each.
  await warmUp(ledgers, 'uniform', 'single', BACKEND_CONCURRENCY, scale.ledgerWarmUpMs);
  for (const mode of LEDGER_MODES) {
    const totals = emptyLedgerTotals();
    await runLedgerPhase(
      ledgers,
      'uniform',
      mode,
      BACKEND_CONCURRENCY,
      scale.ledgerBackendPhaseMs,
      totals,
    );
    measured.set(mode, totals);
    const perCall = mode === 'batch' ? 'per call' : 'per transfer';
    metrics.push({
      name: `ledger on ${name}: uniform (${BENCH_WALLETS} accounts), ${LEDGER_MODE_LABELS[mode]}, c=${BACKEND_CONCURRENCY}`,
      value: transfersPerSecond(totals),
      unit: 'transfers/s',
      note: `${latencySummary(totals.calls)} ${perCall}; ${ledgerNote(totals)}; ${scale.ledgerBackendPhaseMs / 1000} s`,
    });
  }
  progress(
    `ledger on ${name}: ${[...measured].map(([mode, totals]) => `${mode} ${transfersPerSecond(totals).toFixed(0)}`).join(', ')} transfers/s`,
  );
  return metrics;
}
