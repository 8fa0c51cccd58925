import { type AuditLog, createAuditLog } from '@strongroom/audit';
import { ok, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import type { RecordTamperer } from '../storage/record-tamperer.js';

/** What every group of audit cases receives: the storage under test and its raw access. */
export interface AuditSuiteContext {
  storage(): Storage;
  tamper(): RecordTamperer;
}

/** A fixed master seed: the suite needs reproducible keys, not secret ones. */
export const SUITE_SIGNING = {
  originPrefix: 'audit.conformance.test',
  masterSeeds: [new Uint8Array(32).fill(42)],
};

/** An audit log over the storage under test. */
export function auditLogOn(storage: Storage): AuditLog {
  return createAuditLog({ storage, signing: SUITE_SIGNING });
}

/** Appends `count` entries, each with a record write, in separate transactions; returns leaf ids. */
export async function appendEntries(
  log: AuditLog,
  storage: Storage,
  tenantId: TenantId,
  count: number,
  label = 'e',
) {
  const leafIds: string[] = [];
  for (let index = 0; index < count; index += 1) {
    leafIds.push(await appendOne(log, storage, tenantId, `${label}${index}`));
  }
  return leafIds;
}

/** Appends one entry beside a record write in one transaction; returns the leaf id. */
export async function appendOne(
  log: AuditLog,
  storage: Storage,
  tenantId: TenantId,
  resourceId: string,
): Promise<string> {
  const receipt = await storage.transaction(tenantId, async (tx) => {
    await tx.records.put({
      collection: 'suite.things',
      id: resourceId,
      data: { resourceId },
      expectedVersion: 0,
    });
    return log.append(tx, {
      actor: { type: 'service', id: 'conformance' },
      action: 'suite.thing.created',
      resource: { type: 'thing', id: resourceId },
      outcome: 'succeeded',
      details: { resourceId },
    });
  });
  return unwrapOrThrow(receipt).leafId;
}

/** Integrates until nothing is pending; returns the number of batches. */
export async function drain(log: AuditLog, tenantId: TenantId): Promise<number> {
  let batches = 0;
  while (unwrapOrThrow(await log.integrate(tenantId)).integrated > 0) batches += 1;
  return batches;
}

/** Reads one stored record's body through the port (what an attacker would copy). */
export async function readData(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  id: string,
) {
  const record = unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => ok(await tx.records.get(collection, id))),
  );
  if (record === undefined) throw new Error(`no ${collection}/${id}`);
  return record.data;
}
