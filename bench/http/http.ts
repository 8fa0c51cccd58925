import type { BenchDatabase } from '../database.js';
import { type BenchScale, type Metric, progress } from '../harness.js';
import { operatorHeaders, operatorJsonHeaders, seedWallets } from './http-ledger-seed.js';
import { type ExpressResults, httpMetrics } from './http-metrics.js';
import type { HttpServerKind } from './http-server-kinds.js';
import { type LoadPlan, type LoadResult, runLoad } from './load-run.js';
import { type ServerProcess, startServerProcess } from './server-process.js';
import { transferBody } from './transfer-bodies.js';

/** Seconds of each warm-up (JIT, pools, caches; not reported) and each measured phase, per scale. */
const PHASES: Record<BenchScale['name'], { warmUpSeconds: number; measuredSeconds: number }> = {
  small: { warmUpSeconds: 1, measuredSeconds: 5 },
  full: { warmUpSeconds: 3, measuredSeconds: 20 },
};

type PhasePlan = Omit<LoadPlan, 'durationSeconds'>;

// A warm-up of the same load, then the measured phase.
async function phase(plan: PhasePlan, scale: BenchScale): Promise<LoadResult> {
  const { warmUpSeconds, measuredSeconds } = PHASES[scale.name];
  await runLoad({ ...plan, label: `${plan.label} (warm-up)`, durationSeconds: warmUpSeconds });
  const result = await runLoad({ ...plan, durationSeconds: measuredSeconds });
  progress(
    `http ${plan.label}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.p99Ms} ms`,
  );
  return result;
}

async function withServer<T>(
  kind: HttpServerKind,
  databaseUrl: string | undefined,
  measure: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  progress(`http: starting ${kind} in a child process`);
  const server = await startServerProcess(kind, databaseUrl);
  try {
    return await measure(server);
  } finally {
    await server.stop();
  }
}

// Wallets through the API, then GET one wallet's balance, then POST transfers between random ones.
async function measureExpress(server: ServerProcess, scale: BenchScale): Promise<ExpressResults> {
  const wallets = await seedWallets(server);
  const balance = await phase(
    {
      label: `GET balance, ${server.kind}`,
      baseUrl: server.baseUrl,
      method: 'GET',
      path: `/v1/ledger/accounts/${wallets[0]}/balance`,
      headers: operatorHeaders(server),
      expectedStatus: 200,
    },
    scale,
  );
  // New transfers between random wallets, with a fresh Idempotency-Key each when `keyed`.
  const transfers = (keyed: boolean) =>
    phase(
      {
        label: `POST transfer${keyed ? ' with Idempotency-Key' : ''}, ${server.kind}`,
        baseUrl: server.baseUrl,
        method: 'POST',
        path: '/v1/ledger/transfers',
        headers: operatorJsonHeaders(server),
        expectedStatus: 201,
        body: () => transferBody(wallets),
        idempotencyKeys: keyed,
      },
      scale,
    );
  const transfer = await transfers(false);
  const keyedTransfer = await transfers(true);
  return { balance, transfer, keyedTransfer };
}

// `GET /` of one of the hello-world servers.
function measureHello(kind: HttpServerKind, label: string, scale: BenchScale): Promise<LoadResult> {
  return withServer(kind, undefined, (server) =>
    phase(
      {
        label,
        baseUrl: server.baseUrl,
        method: 'GET',
        path: '/',
        headers: {},
        expectedStatus: 200,
      },
      scale,
    ),
  );
}

/**
 * The HTTP benchmark of issue #14: autocannon in this process against servers in child processes
 * — a bare `node:http` hello-world (the baseline), the same answer through the example's Express
 * mounting (the ceiling of that stack), then the Express example's service on the
 * memory adapter and on the Postgres server — measuring `GET /v1/ledger/accounts/{id}/balance`
 * and `POST /v1/ledger/transfers` (a new transfer id each), without and with an `Idempotency-Key`.
 */
export async function benchHttp(database: BenchDatabase, scale: BenchScale): Promise<Metric[]> {
  const hello = await measureHello('hello_world', 'GET hello-world', scale);
  const mounted = await measureHello('mounted_hello_world', 'GET mounted hello-world', scale);
  const memory = await withServer('express_memory', undefined, (server) =>
    measureExpress(server, scale),
  );
  const postgres = await withServer('express_postgres', database.connectionString, (server) =>
    measureExpress(server, scale),
  );
  return httpMetrics({ hello, mounted, memory, postgres });
}
