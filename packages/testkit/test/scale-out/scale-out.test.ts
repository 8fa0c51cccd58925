import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { systemClock, unwrapOrThrow } from '@strongroom/kernel';
import { createRedisClient, createRedisStreamPublisher } from '@strongroom/redis';
import type { Strongroom, WorkerJob } from '@strongroom/sdk';
import { formatSoftwareKeyring, generateSoftwareKeyring } from '@strongroom/vault';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshTenantId } from '../../src/fixtures.js';
import { removeRedisKeys } from '../../src/secret-scan.js';
import { randomVisaPans } from '../../src/vault/test-cards.js';
import { expectAuditInvariants } from './audit-invariants.js';
import { type ScaleOutChild, spawnScaleOutChild } from './child-processes.js';
import { expectDisputeInvariants } from './dispute-invariants.js';
import { expectLedgerInvariants } from './ledger-invariants.js';
import { expectOutboxInvariants } from './outbox-invariants.js';
import { recordingStorage } from './recording-storage.js';
import type { ScaleOutConfig, ScaleOutReport } from './scale-out-config.js';
import { buildStrongroom, connectStore } from './scale-out-facade.js';
import { openBooks, planBooks, planWorkload } from './scale-out-plan.js';
import { readWholeStream, unfinishedWork } from './scale-out-reads.js';
import type { ScaleOutRun } from './scale-out-run.js';
import {
  type CreatedStore,
  createDynamoDbTable,
  createPostgresDatabase,
} from './scale-out-stores.js';
import { expectVaultInvariants } from './vault-invariants.js';
import { expectWorkersHealthy, expectWorkShared } from './worker-invariants.js';

// Four processes of one deployment, each with its own SDK, worker and connections, on one store.
const PROCESSES = 4;
const PAN_POOL = 6;
const PLAN_SEED = 20_260_415;
const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// Sweeps run several times a second (default once) so that every process keeps racing for the same
// due holds and deadlines. DynamoDB Local commits a few dozen transactions a second here whatever
// the concurrency, so it gets a smaller workload than the Postgres server, and workers that poll
// it less often.
const WORKLOADS: readonly {
  readonly backend: 'dynamodb-local' | 'postgres';
  readonly operationsPerProcess: number;
  readonly lanes: number;
  readonly intervalsMs: Partial<Record<WorkerJob, number>>;
}[] = [
  {
    backend: 'dynamodb-local',
    operationsPerProcess: 20,
    lanes: 2,
    intervalsMs: {
      audit_sequencer: 250,
      event_sequencer: 250,
      outbox_relay: 250,
      ledger_expiry_sweep: 250,
      dispute_deadline_sweep: 250,
    },
  },
  {
    backend: 'postgres',
    operationsPerProcess: 40,
    lanes: 3,
    intervalsMs: { ledger_expiry_sweep: 200, dispute_deadline_sweep: 200 },
  },
];
// Bounds of each phase: tsx start-up of four children on two cores, the workload, the workers
// catching up after the last deadline, and a graceful stop. Unloaded, a backend takes 25-45 s; the
// margins are for a machine busy with other suites, not for a slow SDK.
const WORKLOAD_TIMEOUT_MS = 150_000;
const CATCH_UP_TIMEOUT_MS = 45_000;
const STOP_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 250;
// The latest deadline a workload sets for the run, counted from its last command: a hold's timeout
// (1.2 s), a short dispute deadline (2.5 s) or a reminder (3 s).
const LATEST_DEADLINE_MS = 3_000;
const TEST_TIMEOUT_MS = 240_000;

function pause(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function randomSecret(): string {
  const value = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  return JSON.stringify({ versions: [{ version: 1, value }] });
}

for (const workload of WORKLOADS) {
  describe(`scale-out: ${PROCESSES} processes on one ${workload.backend}`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    const children: ScaleOutChild[] = [];
    afterAll(async () => {
      for (const child of children) child.kill();
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it(
      'runs concurrent ledger, vault and dispute commands and every worker job in each process; every invariant holds',
      async () => {
        const store: CreatedStore =
          workload.backend === 'postgres'
            ? await createPostgresDatabase()
            : await createDynamoDbTable(inject('dynamoDbEndpoint'));
        cleanups.push(() => store.dispose());
        const folder = mkdtempSync(join(tmpdir(), 'strongroom-scale-out-'));
        cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
        const redis = unwrapOrThrow(await createRedisClient({ url: REDIS_URL }));
        const streamKey = `strongroom-test:scale-out:${crypto.randomUUID()}`;
        cleanups.push(async () => {
          await removeRedisKeys(redis, streamKey);
          redis.disconnect();
        });

        const tenantId = freshTenantId('scale');
        const books = planBooks(PROCESSES);
        const settings = {
          keyringText: formatSoftwareKeyring(
            generateSoftwareKeyring(['cards', 'fields'], systemClock),
          ),
          secrets: {
            STRONGROOM_SECRET_CARD_FINGERPRINT: randomSecret(),
            STRONGROOM_SECRET_BLIND_INDEX: randomSecret(),
          },
          auditSeedHex: bytesToHex(crypto.getRandomValues(new Uint8Array(32))),
          accounts: books.accounts,
        };
        const connection = connectStore(store.location);
        const parent = recordingStorage(connection.storage, tenantId);
        const strongroom: Strongroom = buildStrongroom(settings, parent.storage);
        cleanups.push(async () => {
          await strongroom.close();
          connection.release();
        });
        await openBooks(strongroom, tenantId, books);

        const pans = randomVisaPans(PAN_POOL);
        const plans = Array.from({ length: PROCESSES }, (_, index) =>
          planWorkload(
            PLAN_SEED + index,
            workload.operationsPerProcess,
            books.accounts.wallets,
            PAN_POOL,
          ),
        );
        const reportPaths = plans.map((plan, index) => {
          const config: ScaleOutConfig = {
            processIndex: index,
            store: store.location,
            tenantId,
            redisUrl: REDIS_URL,
            streamKey,
            ...settings,
            pans,
            intervalsMs: workload.intervalsMs,
            lanes: workload.lanes,
            plan,
            reportPath: join(folder, `report-${index}.json`),
          };
          const configPath = join(folder, `config-${index}.json`);
          writeFileSync(configPath, JSON.stringify(config));
          children.push(spawnScaleOutChild(index, configPath));
          return config.reportPath;
        });

        await within(
          Promise.all(children.map((child) => child.workloadDone)),
          WORKLOAD_TIMEOUT_MS,
          'the workload',
        ).catch((error: unknown) => {
          const states = children.map(
            (child) =>
              `child ${child.index} (${child.finished() ? 'done' : 'running'}): ${child.stderr()}`,
          );
          throw new Error(`${String(error)}\n${states.join('\n')}`);
        });
        // Every hold and deadline of the run is due by now; the children's workers finish the work.
        await pause(LATEST_DEADLINE_MS);
        let unfinished = await unfinishedWork(parent.storage, tenantId, new Date());
        const catchUpEndsAt = Date.now() + CATCH_UP_TIMEOUT_MS;
        while (unfinished.length > 0 && Date.now() < catchUpEndsAt) {
          await pause(POLL_INTERVAL_MS);
          unfinished = await unfinishedWork(parent.storage, tenantId, new Date());
        }
        expect(unfinished, 'work the workers left undone').toEqual([]);

        for (const child of children) child.stop();
        const codes = await within(
          Promise.all(children.map((child) => child.exited)),
          STOP_TIMEOUT_MS,
          'stopping the children',
        );
        expect(
          codes,
          children.map((child) => `child ${child.index}: ${child.stderr()}`).join('\n'),
        ).toEqual(children.map(() => 0));
        const reports = reportPaths.map(
          (path) => JSON.parse(readFileSync(path, 'utf8')) as ScaleOutReport,
        );

        // A last round in this process: anything it still found to do is recorded and checked too.
        const round = await strongroom.worker.runOnce(tenantId, {
          publisher: createRedisStreamPublisher(redis, { streamKey: () => streamKey }),
        });
        expect(round.jobs.flatMap((job) => job.errors)).toEqual([]);

        const run: ScaleOutRun = {
          strongroom,
          tenantId,
          books,
          plans,
          reports,
          parentRecording: parent.recording,
          stream: await readWholeStream(redis, streamKey),
        };
        expectWorkersHealthy(run);
        await expectLedgerInvariants(run);
        await expectDisputeInvariants(run);
        await expectVaultInvariants(run);
        await expectAuditInvariants(run);
        await expectOutboxInvariants(run);
        expectWorkShared(run);
      },
      TEST_TIMEOUT_MS,
    );
  });
}
