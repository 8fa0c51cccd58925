/**
 * One process of the scale-out test, run by the parent as `node --import tsx scale-out-child.ts
 * <config.json>`: its own SDK on the shared store, its own worker running every job, its share of
 * the workload; then it waits for the parent's `stop`, stops its worker, and writes its report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createRedisClient, createRedisStreamPublisher } from '@strongroom/redis';
import { recordingStorage } from './recording-storage.js';
import {
  type ScaleOutConfig,
  type ScaleOutReport,
  STOP_LINE,
  WORKLOAD_DONE_LINE,
} from './scale-out-config.js';
import { buildStrongroom, connectStore } from './scale-out-facade.js';
import { runWorkload } from './scale-out-workload.js';

// A child the parent forgot (a crashed test run) ends on its own.
const CHILD_LIFETIME_MAX_MS = 240_000;
setTimeout(() => {
  process.stderr.write('scale-out child: lifetime exceeded\n');
  process.exit(3);
}, CHILD_LIFETIME_MAX_MS).unref();

function stopRequested(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve) => {
    lines.on('line', (line) => {
      if (line.trim() === STOP_LINE) resolve();
    });
    // The parent went away: stop as if asked.
    lines.once('close', () => resolve());
  });
}

async function main(configPath: string): Promise<void> {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as ScaleOutConfig;
  const tenantId = unwrapOrThrow(parseTenantId(config.tenantId));
  const connection = connectStore(config.store);
  const { storage, recording } = recordingStorage(connection.storage, tenantId);
  const strongroom = buildStrongroom(config, storage);
  const redis = unwrapOrThrow(await createRedisClient({ url: config.redisUrl }));
  const publisher = createRedisStreamPublisher(redis, { streamKey: () => config.streamKey });
  const workerErrors: { job: string; type: string }[] = [];
  const workerFailures: string[] = [];
  const stop = stopRequested();
  const worker = strongroom.worker.start({
    tenants: () => [tenantId],
    publisher,
    intervalsMs: config.intervalsMs,
    onError: (job, _tenantId, error) => workerErrors.push({ job, type: error.type }),
    onFailure: (job, error) =>
      workerFailures.push(`${job}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const outcome = await runWorkload(strongroom, tenantId, config);
  process.stdout.write(`${WORKLOAD_DONE_LINE}\n`);
  await stop;
  await worker.stop().catch(() => {
    // Already in workerFailures through onFailure.
  });
  await strongroom.close();
  connection.release();
  redis.disconnect();
  const report: ScaleOutReport = {
    processIndex: config.processIndex,
    ...outcome,
    leafIds: recording.leafIds,
    events: recording.events,
    auditBatches: recording.auditBatches,
    workerErrors,
    workerFailures,
  };
  writeFileSync(config.reportPath, JSON.stringify(report));
}

const configPath = process.argv[2];
if (configPath === undefined) throw new Error('usage: scale-out-child.ts <config.json>');
main(configPath).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `scale-out child failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
