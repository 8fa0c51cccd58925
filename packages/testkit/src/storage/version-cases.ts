import { ok } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import {
  committed,
  insertRecord,
  readRecord,
  type StorageSuiteContext,
} from './storage-suite-context.js';

/** Versions start at 1, grow by one per write, and a stale expectation rolls everything back. */
export function defineVersionCases(context: StorageSuiteContext): void {
  it('numbers versions from 1 and increments them on every write', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'accounts', 'a1', { n: 1 });
    const second = await committed(storage, tenantId, (tx) =>
      tx.records.put({ collection: 'accounts', id: 'a1', data: { n: 2 }, expectedVersion: 1 }),
    );
    const third = await committed(storage, tenantId, (tx) =>
      tx.records.put({ collection: 'accounts', id: 'a1', data: { n: 3 }, expectedVersion: 2 }),
    );
    expect([second.version, third.version]).toEqual([2, 3]);
    expect(await readRecord(storage, tenantId, 'accounts', 'a1')).toMatchObject({
      data: { n: 3 },
      version: 3,
    });
  });

  it('refuses a write based on a stale version with version_mismatch and writes nothing else', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'accounts', 'a1', { n: 1 });
    let runs = 0;
    const result = await storage.transaction(tenantId, async (tx) => {
      runs += 1;
      await tx.records.put({ collection: 'accounts', id: 'other', data: {}, expectedVersion: 0 });
      await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 9 },
        expectedVersion: 7,
      });
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'storage.version_mismatch',
      collection: 'accounts',
      id: 'a1',
      expectedVersion: 7,
      actualVersion: 1,
    });
    expect(runs).toBe(1);
    expect(await readRecord(storage, tenantId, 'accounts', 'other')).toBeUndefined();
    expect(await readRecord(storage, tenantId, 'accounts', 'a1')).toMatchObject({
      data: { n: 1 },
      version: 1,
    });
  });

  it('refuses to insert over an existing record', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'accounts', 'a1', { n: 1 });
    const result = await storage.transaction(tenantId, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'accounts',
          id: 'a1',
          data: { n: 2 },
          expectedVersion: 0,
        }),
      ),
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 0,
      actualVersion: 1,
    });
  });

  it('deletes a record at its current version only', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'accounts', 'a1', { n: 1 });
    const stale = await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.delete({ collection: 'accounts', id: 'a1', expectedVersion: 2 })),
    );
    expect(stale._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      actualVersion: 1,
    });
    const missing = await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.delete({ collection: 'accounts', id: 'nope', expectedVersion: 1 })),
    );
    expect(missing._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      actualVersion: 0,
    });
    // Deleting "an absent record" (version 0) has no meaning: a programmer error on every adapter.
    const absent = storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.delete({ collection: 'accounts', id: 'nope', expectedVersion: 0 })),
    );
    await expect(absent).rejects.toThrow(/existing record/);
    await committed(storage, tenantId, (tx) =>
      tx.records.delete({ collection: 'accounts', id: 'a1', expectedVersion: 1 }),
    );
    expect(await readRecord(storage, tenantId, 'accounts', 'a1')).toBeUndefined();
  });
}
