import { ok, type Storage } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, createTestStorage, freshTenant } from './test-table.js';

describe('version mismatches', () => {
  let context: Awaited<ReturnType<typeof createTestStorage>>;
  let storage: Storage;
  beforeAll(async () => {
    context = await createTestStorage('versions');
    storage = context.storage;
  });
  afterAll(() => context.dispose());

  it('reads a record it has not seen before a put, to report a wrong version at once', async () => {
    const tenantId = freshTenant();
    await committed(storage, tenantId, (tx) =>
      tx.records.put({ collection: 'accounts', id: 'a1', data: { n: 1 }, expectedVersion: 0 }),
    );
    let runs = 0;
    const result = await storage.transaction(tenantId, async (tx) => {
      runs += 1;
      await tx.records.put({ collection: 'accounts', id: 'a2', data: {}, expectedVersion: 0 });
      await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 2 },
        expectedVersion: 3,
      });
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'storage.version_mismatch',
      collection: 'accounts',
      id: 'a1',
      expectedVersion: 3,
      actualVersion: 1,
    });
    expect(runs).toBe(1);
    const ids = await committed(storage, tenantId, async (tx) =>
      (await tx.records.list('accounts', { limit: 10 })).items.map((record) => record.id),
    );
    expect(ids).toEqual(['a1']);
  });

  it('compares with the transaction’s own writes: a second put names the first put’s version', async () => {
    const tenantId = freshTenant();
    const result = await storage.transaction(tenantId, async (tx) => {
      const first = await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 1 },
        expectedVersion: 0,
      });
      const second = await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 2 },
        expectedVersion: first.version,
      });
      await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 3 },
        expectedVersion: 1,
      });
      return ok(second.version);
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 1,
      actualVersion: 2,
    });
  });

  it('refuses to delete a record that does not exist', async () => {
    const tenantId = freshTenant();
    const result = await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.delete({ collection: 'accounts', id: 'none', expectedVersion: 1 })),
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 1,
      actualVersion: 0,
    });
  });
});
