import type { Metric } from '../harness.js';
import { HTTP_CONNECTIONS, type LoadResult, statusSummary } from './load-run.js';

/** GET balance on memory against the hello-world's requests per second (issue #14). */
const TARGET_BALANCE_RATIO = 0.5;
/** POST transfer's p99 on the Postgres server (issue #14). */
const TARGET_TRANSFER_P99_MS = 50;

/** GET balance and POST transfer (without and with an `Idempotency-Key`) on an Express server. */
export interface ExpressResults {
  readonly balance: LoadResult;
  readonly transfer: LoadResult;
  readonly keyedTransfer: LoadResult;
}

/** Every phase of the HTTP benchmark. */
export interface HttpResults {
  readonly hello: LoadResult;
  /** The hello-world through Express 5 and `getRequestListener`, as the example mounts the API. */
  readonly mounted: LoadResult;
  readonly memory: ExpressResults;
  readonly postgres: ExpressResults;
}

const SERVICE =
  'Express 5 + getRequestListener(createHttpApi(createStrongroom(…))) as examples/express mounts it, built in the bench child (the example takes no rate limits and no memory storage), silentLogger, rate limits at 10^9 points (the default process limiter of createHttpApi still counts each request), the worker running';
const STORAGES = {
  memory: '@strongroom/memory',
  postgres: 'the Postgres server (pool of 10, the example default)',
} as const;

// Latencies, answers by status and duration of one phase.
function loadNote(result: LoadResult): string {
  return `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms; ${statusSummary(result.statusCounts)}; ${result.unexpected} unexpected, ${result.errors} connection errors; ${result.seconds.toFixed(1)} s`;
}

function rateAgainstHello(
  name: string,
  result: LoadResult,
  hello: LoadResult,
  note: string,
  targetRatio?: number,
): Metric {
  const ratio = result.requestsPerSecond / hello.requestsPerSecond;
  return {
    name,
    value: result.requestsPerSecond,
    unit: 'req/s',
    baseline: { label: 'node:http hello-world', value: hello.requestsPerSecond },
    ratio,
    ...(targetRatio === undefined
      ? {}
      : { target: { text: `>= ${targetRatio.toFixed(2)}`, pass: ratio >= targetRatio } }),
    note: `${note}; ${loadNote(result)}`,
  };
}

/**
 * The HTTP rows: the hello-world's requests/s (the baseline), GET balance and POST transfer on the
 * memory adapter and on the Postgres server against it, and POST transfer's p99 on Postgres.
 */
export function httpMetrics(results: HttpResults): Metric[] {
  const { hello, mounted, memory, postgres } = results;
  const c = `c=${HTTP_CONNECTIONS}`;
  const balance = (storage: string) =>
    `GET /v1/ledger/accounts/{id}/balance of one wallet, bearer token (signature verified once, then the verified-token cache of identity; key lookup, expiry and revocation check on every request), ${SERVICE}, on ${storage}`;
  const transfer = (storage: string) =>
    `POST /v1/ledger/transfers, 1–100 minor units between 2 of 50 random funded wallets that must not be overdrawn, a new transfer id per request (no Idempotency-Key: the id is the ledger's), only 201 counted, the ledger's group commit on (as the example), ${SERVICE}, on ${storage}`;
  const keyedTransfer = (storage: string, results: ExpressResults) =>
    `the same transfers, each with a fresh Idempotency-Key (what a client that retries safely sends): the API claims the key before and stores the response after, in the idempotency store on the same storage; ${(results.keyedTransfer.requestsPerSecond / results.transfer.requestsPerSecond).toFixed(2)} of the transfers without a key, on ${storage}`;
  const transferP99 = postgres.transfer.p99Ms;
  return [
    {
      name: `http: bare node:http hello-world, ${c}`,
      value: hello.requestsPerSecond,
      unit: 'req/s',
      note: `baseline: createServer answering {"hello":"world"} as JSON, in a child process like the servers below; autocannon 9 in the bench process, ${c}, keep-alive, no pipelining; ${loadNote(hello)}`,
    },
    rateAgainstHello(
      `http: hello-world mounted as the example mounts the API, ${c}`,
      mounted,
      hello,
      'context for the GET target: Express 5 forwarding through getRequestListener (WHATWG Request in, Response out) to a fetch handler answering the same JSON, no Hono routing, no API — the most any route of the example can reach',
    ),
    rateAgainstHello(
      `http: GET balance, Express example on memory, ${c}`,
      memory.balance,
      hello,
      `${balance(STORAGES.memory)}; ${(memory.balance.requestsPerSecond / mounted.requestsPerSecond).toFixed(2)} of the mounted hello-world`,
      TARGET_BALANCE_RATIO,
    ),
    rateAgainstHello(
      `http: POST transfer, Express example on memory, ${c}`,
      memory.transfer,
      hello,
      transfer(STORAGES.memory),
    ),
    rateAgainstHello(
      `http: POST transfer with Idempotency-Key, Express example on memory, ${c}`,
      memory.keyedTransfer,
      hello,
      keyedTransfer(STORAGES.memory, memory),
    ),
    rateAgainstHello(
      `http: GET balance, Express example on Postgres, ${c}`,
      postgres.balance,
      hello,
      balance(STORAGES.postgres),
    ),
    rateAgainstHello(
      `http: POST transfer, Express example on Postgres, ${c}`,
      postgres.transfer,
      hello,
      transfer(STORAGES.postgres),
    ),
    rateAgainstHello(
      `http: POST transfer with Idempotency-Key, Express example on Postgres, ${c}`,
      postgres.keyedTransfer,
      hello,
      keyedTransfer(STORAGES.postgres, postgres),
    ),
    {
      name: `http: POST transfer p99, Express example on Postgres, ${c}`,
      value: transferP99,
      unit: 'ms',
      baseline: { label: 'hello-world p99', value: hello.p99Ms },
      // A hello-world p99 under autocannon's 1 ms resolution reads 0: no ratio then.
      ...(hello.p99Ms > 0 ? { ratio: transferP99 / hello.p99Ms } : {}),
      target: {
        text: `< ${TARGET_TRANSFER_P99_MS} ms`,
        pass: transferP99 < TARGET_TRANSFER_P99_MS,
      },
      note: `autocannon's latency of the 201 answers (whole ms), the phase above; ${postgres.transfer.responses.toLocaleString('en-US')} answers`,
    },
  ];
}
