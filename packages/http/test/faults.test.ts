import { typeIdGenerator, unwrapOrThrow } from '@strongroom/kernel';
import {
  createRedisClient,
  createRedisIdempotencyStore,
  createRedisRateLimiter,
} from '@strongroom/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_RATE_LIMITS_DEFAULT } from '../src/middleware/rate-limit.js';
import { followRealTime } from './support/fault-clock-follower.js';
import type { FaultRetryPolicy } from './support/fault-http-client.js';
import { ledgerProblems } from './support/fault-ledger-check.js';
import { createFaultLedger, type FaultLedger } from './support/fault-ledger-fixture.js';
import {
  clientAnswerProblems,
  type FaultLoadReport,
  faultLoadReport,
  resentAnswerProblems,
} from './support/fault-load-report.js';
import { connectBackendTerminator } from './support/fault-postgres-terminator.js';
import { type PrivateRedis, startPrivateRedis } from './support/fault-redis-server.js';
import { startTransferLoad, type TransferLoad } from './support/fault-transfer-load.js';
import { HTTP_BACKENDS, type HttpBackend, selectedBackends } from './support/http-backends.js';
import { type HarnessUser, type HttpHarness, startHttpHarness } from './support/http-harness.js';

/** Logical transfers per scenario, and the clients sending them at once. */
const TRANSFERS = 200;
const CLIENTS = 24;
const WALLETS = 8;
/** Each scenario's whole run, faults and checks included. */
const SCENARIO_TIMEOUT_MS = 90_000;

/** A patient client: a fault lasts seconds, and every retry honours `Retry-After`. */
const CLIENT_POLICY: FaultRetryPolicy = {
  attemptsMax: 40,
  requestTimeoutMs: 15_000,
  retryAfterMaxMs: 2_000,
  backoffBaseMs: 50,
  backoffMaxMs: 1_000,
};

/** One user sends everything: the edge's own per-user limit is not what these tests measure. */
const RATE_LIMITS = {
  principal: { ...HTTP_RATE_LIMITS_DEFAULT.principal, points: 1_000_000 },
};
/**
 * A key whose release a fault prevented (or whose claim committed unseen) frees itself after this
 * long; the default minute would outlast the test. The clock follows real time for it.
 */
const LEASE_MS = 3_000;
/** How long the private Redis stays down while the clients keep sending. */
const OUTAGE_MS = 3_000;

function backendNamed(name: HttpBackend['name']): HttpBackend {
  const backend = HTTP_BACKENDS.find((candidate) => candidate.name === name);
  if (backend === undefined) throw new Error(`no ${name} backend`);
  return backend;
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// Errors the API logged for a bug (an unhandled throw), rather than for a failed dependency.
function unhandledErrors(harness: HttpHarness): string[] {
  return harness.logLines.filter((line) => line.includes('unhandled error'));
}

function loadOf(api: HttpHarness, token: string, ledger: FaultLedger): TransferLoad {
  return startTransferLoad({
    baseUrl: api.baseUrl,
    token,
    transfers: ledger.transfers,
    clients: CLIENTS,
    policy: CLIENT_POLICY,
  });
}

/**
 * Waits for the clients, sends every transfer once more (clients that lost their answers), logs
 * the counts and checks everything: the answers, the resent answers, the ledger and the log.
 */
async function settleAndCheck(
  scenario: string,
  api: HttpHarness,
  token: string,
  ledger: FaultLedger,
  load: TransferLoad,
  details: Record<string, number>,
): Promise<FaultLoadReport> {
  const outcomes = await load.done;
  const resent = await loadOf(api, token, ledger).done;
  const report = faultLoadReport(outcomes);
  const resentReport = faultLoadReport(resent);
  console.info(
    `${scenario} faults`,
    JSON.stringify({
      ...report,
      ...details,
      resent: { finals: resentReport.finals, replays: resentReport.replays },
    }),
  );
  expect(report.unavailableWithoutRetryAfter).toBe(0);
  expect(clientAnswerProblems(outcomes)).toEqual([]);
  expect(resentAnswerProblems(outcomes, resent)).toEqual([]);
  expect(await ledgerProblems(api.baseUrl, token, ledger, outcomes)).toEqual([]);
  expect(unhandledErrors(api)).toEqual([]);
  return report;
}

describe.skipIf(!selectedBackends().some((backend) => backend.name === 'postgres'))(
  'postgres: every connection of the database terminated again and again mid-run',
  () => {
    let harness: HttpHarness | undefined;
    let stopClock: (() => void) | undefined;
    let operator: HarnessUser;
    let ledger: FaultLedger;
    let database: string;

    beforeAll(async () => {
      harness = await startHttpHarness(backendNamed('postgres'), {
        rateLimits: RATE_LIMITS,
        idempotency: { leaseMs: LEASE_MS },
      });
      stopClock = followRealTime(harness.clock);
      operator = await harness.signUp(['operator'], 'operator');
      if (harness.databaseName === undefined)
        throw new Error('the postgres backend names its database');
      database = harness.databaseName;
      ledger = await createFaultLedger(harness, operator.accessToken, {
        transfers: TRANSFERS,
        wallets: WALLETS,
      });
    });
    afterAll(async () => {
      stopClock?.();
      await harness?.close();
    });

    it(
      'loses no transfer and applies none twice; balances and invariants hold',
      async () => {
        const api = harness as HttpHarness;
        const terminator = await connectBackendTerminator(database);
        try {
          const startedMs = Date.now();
          const load = loadOf(api, operator.accessToken, ledger);
          // Terminations spread over the run by progress, so they land mid-load however fast the
          // machine is: each kills whatever the pool holds, busy or idle.
          const rounds = 12;
          for (let round = 1; round <= rounds; round += 1) {
            await load.whenFinished(Math.floor((TRANSFERS * round) / (rounds + 2)));
            await terminator.terminate();
            await pause(20);
            await terminator.terminate();
          }
          await load.done;
          await settleAndCheck('postgres', api, operator.accessToken, ledger, load, {
            loadMs: Date.now() - startedMs,
            terminationRounds: terminator.rounds,
            backendsTerminated: terminator.terminated,
          });
          expect(terminator.terminated).toBeGreaterThan(0);
        } finally {
          await terminator.close();
        }
      },
      SCENARIO_TIMEOUT_MS,
    );
  },
);

describe('redis: the idempotency and rate-limit server killed mid-run, then restarted', () => {
  let redis: PrivateRedis | undefined;
  let disconnect: (() => void) | undefined;
  let harness: HttpHarness | undefined;
  let operator: HarnessUser;
  let ledger: FaultLedger;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const client = unwrapOrThrow(await createRedisClient({ url: redis.url, onError: () => {} }));
    disconnect = () => client.disconnect();
    const keyPrefix = 'sr-http-faults:';
    harness = await startHttpHarness(backendNamed('memory'), {
      rateLimiter: createRedisRateLimiter({ client, keyPrefix }),
      rateLimits: RATE_LIMITS,
      idempotency: { store: createRedisIdempotencyStore({ client, keyPrefix }) },
    });
    operator = await harness.signUp(['operator'], 'operator');
    ledger = await createFaultLedger(harness, operator.accessToken, {
      transfers: TRANSFERS,
      wallets: WALLETS,
    });
  });
  afterAll(async () => {
    disconnect?.();
    await harness?.close();
    await redis?.stop();
  });

  it(
    'answers 503 while Redis is down, then loses no transfer and applies none twice',
    async () => {
      const api = harness as HttpHarness;
      const server = redis as PrivateRedis;
      const startedMs = Date.now();
      const load = loadOf(api, operator.accessToken, ledger);
      await load.whenFinished(TRANSFERS / 4);
      await server.kill();
      const finishedAtKill = load.finished();
      const outageStartedMs = Date.now();
      // The rate limiter fails open, so reads go on; a keyed POST cannot claim its key and is
      // refused before it runs (an extra transfer would show in the ledger checks).
      const token = operator.accessToken;
      const read = await api.request('GET', `/v1/ledger/accounts/${ledger.treasuryId}/balance`, {
        token,
      });
      expect(read.status).toBe(200);
      const refused = await api.request('POST', '/v1/ledger/transfers', {
        token,
        headers: { 'idempotency-key': crypto.randomUUID() },
        body: {
          id: typeIdGenerator.next('trf'),
          debitAccountId: ledger.treasuryId,
          creditAccountId: ledger.walletIds[0],
          amountMinor: '1',
          currency: 'USD',
          code: 1,
        },
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body).toMatchObject({
        type: 'https://strongroom.dev/problems/infrastructure',
        retryable: true,
      });
      // Meanwhile the clients keep retrying through the outage.
      await pause(Math.max(0, OUTAGE_MS - (Date.now() - outageStartedMs)));
      const finishedWhileDown = load.finished() - finishedAtKill;
      await server.restart();
      await load.done;
      const report = await settleAndCheck('redis', api, token, ledger, load, {
        loadMs: Date.now() - startedMs,
        finishedAtKill,
        finishedWhileDown,
      });
      expect(finishedAtKill).toBeLessThan(TRANSFERS);
      expect(report.byProblem['503 infrastructure'] ?? 0).toBeGreaterThan(0);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
