import { ok } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId, sampleEvent } from '../fixtures.js';
import { committed, listIds, type StorageSuiteContext } from './storage-suite-context.js';

/** An adapter's limits are checked before anything is written and reported as a typed error. */
export function defineLimitCases(context: StorageSuiteContext): void {
  it('refuses one write past writesPerTransaction and writes nothing', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const maximum = storage.limits.writesPerTransaction;
    const result = await storage.transaction(tenantId, async (tx) => {
      for (let index = 0; index < maximum; index += 1) {
        await tx.records.put({
          collection: 'items',
          id: `i${index}`,
          data: {},
          expectedVersion: 0,
        });
      }
      await tx.outbox.append([sampleEvent(tenantId)]);
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'storage.limit_exceeded',
      limit: 'writes_per_transaction',
      maximum,
      attempted: maximum + 1,
    });
    expect(await listIds(storage, tenantId, 'items')).toEqual([]);
    expect(
      (await committed(storage, tenantId, (tx) => tx.outbox.list({ limit: 1 }))).items,
    ).toEqual([]);
  });

  it('counts rewriting one record as one write', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const rewrites = storage.limits.writesPerTransaction + 1;
    const version = await committed(storage, tenantId, async (tx) => {
      let current = await tx.records.put({
        collection: 'items',
        id: 'one',
        data: { n: 0 },
        expectedVersion: 0,
      });
      for (let index = 1; index < rewrites; index += 1) {
        current = await tx.records.put({
          collection: 'items',
          id: 'one',
          data: { n: index },
          expectedVersion: current.version,
        });
      }
      return current.version;
    });
    expect(version).toBe(rewrites);
  });

  it('refuses a record larger than bytesPerRecord', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const blob = 'x'.repeat(storage.limits.bytesPerRecord);
    const result = await storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'items', id: 'small', data: {}, expectedVersion: 0 });
      await tx.records.put({ collection: 'items', id: 'big', data: { blob }, expectedVersion: 0 });
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.limit_exceeded',
      limit: 'bytes_per_record',
      maximum: storage.limits.bytesPerRecord,
    });
    expect(await listIds(storage, tenantId, 'items')).toEqual([]);
  });

  it('refuses a transaction larger than bytesPerTransaction', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const { bytesPerRecord, bytesPerTransaction, writesPerTransaction } = storage.limits;
    const recordBytes = Math.floor(bytesPerRecord / 2);
    const recordsNeeded = Math.ceil(bytesPerTransaction / recordBytes) + 1;
    // The byte limit must be reachable before the write limit, or this case would test the wrong one.
    expect(recordsNeeded).toBeLessThanOrEqual(writesPerTransaction);
    const blob = 'y'.repeat(recordBytes);
    const result = await storage.transaction(tenantId, async (tx) => {
      for (let index = 0; index < recordsNeeded; index += 1) {
        await tx.records.put({
          collection: 'items',
          id: `i${index}`,
          data: { blob },
          expectedVersion: 0,
        });
      }
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.limit_exceeded',
      limit: 'bytes_per_transaction',
      maximum: bytesPerTransaction,
    });
    expect(await listIds(storage, tenantId, 'items')).toEqual([]);
  });
}
