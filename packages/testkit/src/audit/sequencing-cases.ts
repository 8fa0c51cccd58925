import { AUDIT_COLLECTIONS, sequenceRecordId } from '@strongroom/audit';
import { err, ok, unwrapOrThrow } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import { listIds } from '../storage/storage-suite-context.js';
import {
  type AuditSuiteContext,
  appendEntries,
  appendOne,
  auditLogOn,
  drain,
  readData,
} from './audit-suite-context.js';

/** Leaves commit with their change, are integrated exactly once, gap-free, in batches. */
export function defineSequencingCases(context: AuditSuiteContext): void {
  it('integrates leaves of concurrent transactions gap-free, each exactly once', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    const leafIds = await Promise.all(
      Array.from({ length: 12 }, (_, index) => appendOne(log, storage, tenantId, `c${index}`)),
    );
    await drain(log, tenantId);
    const entryIds = await listIds(storage, tenantId, AUDIT_COLLECTIONS.entries);
    expect(entryIds).toEqual(leafIds.map((_, index) => sequenceRecordId(index)));
    const integrated = await Promise.all(
      entryIds.map(async (id) =>
        String((await readData(storage, tenantId, AUDIT_COLLECTIONS.entries, id))['leafId']),
      ),
    );
    expect([...integrated].sort()).toEqual([...leafIds].sort());
    expect(await listIds(storage, tenantId, AUDIT_COLLECTIONS.pending)).toEqual([]);
    expect((await log.verify(tenantId))._unsafeUnwrap().treeSize).toBe(12);
  });

  it('reads sequenced entries by tree index, page by page, ending at the tree size', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    const resourceIds = ['e0', 'e1', 'e2', 'e3', 'e4'];
    for (const resourceId of resourceIds) await appendOne(log, storage, tenantId, resourceId);
    await drain(log, tenantId);
    const first = unwrapOrThrow(await log.entries(tenantId, 0, 3));
    const rest = unwrapOrThrow(await log.entries(tenantId, 3, 3));
    expect([...first, ...rest].map((entry) => entry.index)).toEqual([0, 1, 2, 3, 4]);
    // Appended one after another, so integrated in that order.
    const readResourceIds = [...first, ...rest].map(
      (entry) => (JSON.parse(entry.leaf) as { resource: { id: string } }).resource.id,
    );
    expect(readResourceIds).toEqual(resourceIds);
    expect(unwrapOrThrow(await log.entries(tenantId, 5, 10))).toEqual([]);
    await expect(log.entries(tenantId, 0, 101)).rejects.toThrow();
  });

  it('never integrates the leaf of a transaction that rolled back', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    await appendOne(log, storage, tenantId, 'kept');
    const rolledBack = await storage.transaction(tenantId, async (tx) => {
      const receipt = unwrapOrThrow(
        await log.append(tx, {
          actor: { type: 'system', id: 'suite' },
          action: 'suite.thing.failed',
          resource: { type: 'thing', id: 'x' },
          outcome: 'failed',
        }),
      );
      return err({ type: 'suite.rolled_back' as const, leafId: receipt.leafId });
    });
    const refusal = rolledBack._unsafeUnwrapErr();
    if (refusal.type !== 'suite.rolled_back') throw new Error(`unexpected ${refusal.type}`);
    const { leafId } = refusal;
    await drain(log, tenantId);
    expect(await listIds(storage, tenantId, AUDIT_COLLECTIONS.entries)).toEqual([
      sequenceRecordId(0),
    ]);
    expect(
      (await log.waitForSequencing(tenantId, leafId, { timeoutMs: 50 }))._unsafeUnwrapErr(),
    ).toMatchObject({ type: 'audit.sequencing_timeout' });
  });

  it('lets several sequencers race without double integration or gaps', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const logs = [auditLogOn(storage), auditLogOn(storage), auditLogOn(storage)];
    const leafIds = await appendEntries(logs[0] as never, storage, tenantId, 40);
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(logs.map((log) => log.integrate(tenantId)));
    }
    await drain(logs[0] as never, tenantId);
    const entryIds = await listIds(storage, tenantId, AUDIT_COLLECTIONS.entries);
    expect(entryIds).toEqual(leafIds.map((_, index) => sequenceRecordId(index)));
    expect((await logs[1]?.verify(tenantId))?._unsafeUnwrap().treeSize).toBe(40);
  });

  it('waits for a leaf to be sequenced and tells its index', async () => {
    const storage = context.storage();
    const log = auditLogOn(storage);
    const tenantId = freshTenantId();
    const [first, second] = await appendEntries(log, storage, tenantId, 2);
    expect(unwrapOrThrow(await log.waitForSequencing(tenantId, second as string))).toEqual({
      leafId: second,
      index: 1,
    });
    expect(unwrapOrThrow(await log.waitForSequencing(tenantId, first as string))).toEqual({
      leafId: first,
      index: 0,
    });
    expect(
      unwrapOrThrow(await storage.transaction(tenantId, async () => ok('no nesting needed'))),
    ).toBe('no nesting needed');
  });
}
