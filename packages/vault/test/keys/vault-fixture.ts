import {
  AUDIT_COLLECTIONS,
  type AuditEntry,
  type AuditLog,
  createAuditLog,
} from '@strongroom/audit';
import {
  FakeClock,
  type JsonObject,
  ok,
  parseTenantId,
  type Storage,
  type StorageLimits,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { getRecord, listRecords } from '../stored-records.js';

export { getRecord, listRecords };

/** A parsed tenant id. */
export function tenant(name: string): TenantId {
  return unwrapOrThrow(parseTenantId(name));
}

/** A memory storage, an audit log over it and a fake clock. */
export interface Harness {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly clock: FakeClock;
}

/** Builds a {@link Harness}; `limits` shrinks the storage's transaction limits. */
export function createHarness(options: { limits?: Partial<StorageLimits> } = {}): Harness {
  const clock = new FakeClock();
  const storage = createMemoryStorage(
    options.limits === undefined ? {} : { limits: options.limits },
  );
  const audit = createAuditLog({
    storage,
    clock,
    signing: { originPrefix: 'vault.strongroom.test', masterSeeds: [new Uint8Array(32).fill(3)] },
  });
  return { storage, audit, clock };
}

/** Inserts or overwrites records directly through the port. */
export async function putRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  records: readonly { id: string; data: JsonObject }[],
): Promise<void> {
  unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      for (const record of records) {
        const existing = await tx.records.get(collection, record.id);
        await tx.records.put({
          collection,
          id: record.id,
          data: record.data,
          expectedVersion: existing?.version ?? 0,
        });
      }
      return ok(undefined);
    }),
  );
}

/** The audit entries a tenant's log holds (integrated or not), in leaf-id order. */
export async function auditEntries(storage: Storage, tenantId: TenantId): Promise<AuditEntry[]> {
  const pending = await listRecords(storage, tenantId, AUDIT_COLLECTIONS.pending);
  const integrated = await listRecords(storage, tenantId, AUDIT_COLLECTIONS.entries);
  return [...pending, ...integrated]
    .map((record) => JSON.parse(String(record.data['leaf'])) as AuditEntry)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The actions of a tenant's audit entries, in order. */
export async function auditActions(storage: Storage, tenantId: TenantId): Promise<string[]> {
  return (await auditEntries(storage, tenantId)).map((entry) => entry.action);
}
