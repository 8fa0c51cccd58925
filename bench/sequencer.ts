import { type AuditLog, createAuditLog } from '@strongroom/audit';
import { nodeMerkleHasher } from '@strongroom/audit/node';
import { ok, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { auditInput, BENCH_SIGNING, benchTenant, type Metric } from './harness.js';

/** An integrated log and the ids of its leaves, for the proof benchmarks. */
export interface BuiltLog {
  readonly storage: Storage;
  readonly log: AuditLog;
  readonly tenantId: TenantId;
  readonly leafIds: readonly string[];
}

/**
 * Appends `leaves` audit leaves, each in its own transaction, `concurrency` at a time; returns their
 * ids and the append rate in leaves/s.
 */
export async function appendAuditLeaves(
  log: AuditLog,
  storage: Storage,
  tenantId: TenantId,
  leaves: number,
  concurrency: number,
): Promise<{ leafIds: string[]; perSecond: number }> {
  const leafIds: string[] = [];
  const perWorker = Math.ceil(leaves / concurrency);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = worker * perWorker; n < Math.min(leaves, (worker + 1) * perWorker); n += 1) {
        const receipt = await storage.transaction(tenantId, async (tx) =>
          ok(unwrapOrThrow(await log.append(tx, auditInput(n)))),
        );
        leafIds.push(unwrapOrThrow(receipt).leafId);
      }
    }),
  );
  return { leafIds, perSecond: leaves / ((performance.now() - start) / 1000) };
}

/** Calls `log.integrate` until nothing is pending; returns leaves, batches and seconds. */
export async function integrateAll(
  log: AuditLog,
  tenantId: TenantId,
): Promise<{ leaves: number; batches: number; seconds: number }> {
  const start = performance.now();
  let leaves = 0;
  let batches = 0;
  for (;;) {
    const batch = unwrapOrThrow(await log.integrate(tenantId));
    if (batch.integrated === 0) break;
    leaves += batch.integrated;
    batches += 1;
  }
  return { leaves, batches, seconds: (performance.now() - start) / 1000 };
}

/**
 * Benchmark 2: pre-appends `leaves` leaves (default batch size, `concurrency` appenders), then
 * integrates them with `log.integrate` until drained. Reports integration leaves/s against the
 * append rate measured just before: a ratio >= 1 means one sequencer keeps up with the appenders.
 */
export async function benchSequencer(
  storageName: string,
  storage: Storage,
  leaves: number,
  concurrency: number,
): Promise<{ metrics: Metric[]; built: BuiltLog }> {
  const log = createAuditLog({ storage, signing: BENCH_SIGNING, hasher: nodeMerkleHasher });
  const tenantId = benchTenant(`bench-sequencer-${storageName}`);
  const appended = await appendAuditLeaves(log, storage, tenantId, leaves, concurrency);
  const integrated = await integrateAll(log, tenantId);
  if (integrated.leaves !== leaves) throw new Error(`integrated ${integrated.leaves} of ${leaves}`);
  const perSecond = integrated.leaves / integrated.seconds;
  return {
    metrics: [
      {
        name: `sequencer: integrate on ${storageName} (${leaves} pending leaves)`,
        value: perSecond,
        unit: 'leaves/s',
        baseline: { label: `append rate, ${concurrency} appender(s)`, value: appended.perSecond },
        ratio: perSecond / appended.perSecond,
        note: `${integrated.batches} batches (default size), ${((integrated.seconds * 1000) / integrated.batches).toFixed(1)} ms/batch: one transaction each listing pending leaves, hashing, rewriting tiles, 3 writes per leaf, signing an Ed25519 checkpoint`,
      },
    ],
    built: { storage, log, tenantId, leafIds: appended.leafIds },
  };
}
