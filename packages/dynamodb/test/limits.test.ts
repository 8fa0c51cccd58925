import { ok, parseTenantId, type Storage, unwrapOrThrow } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DYNAMODB_DEFAULT_LIMITS } from '../src/index.js';
import { committed, createTestStorage, fieldOf, freshTenant } from './test-table.js';

describe('DynamoDB limits', () => {
  let context: Awaited<ReturnType<typeof createTestStorage>>;
  let storage: Storage;
  beforeAll(async () => {
    context = await createTestStorage('limits');
    storage = context.storage;
  });
  afterAll(() => context.dispose());

  const listIds = (tenantId: ReturnType<typeof freshTenant>, collection: string) =>
    committed(storage, tenantId, async (tx) =>
      (await tx.records.list(collection, { limit: 1000 })).items.map((record) => record.id),
    );

  it('defaults to what one TransactWriteItems can carry, keys and attributes included', () => {
    expect(storage.limits).toEqual(DYNAMODB_DEFAULT_LIMITS);
    expect(storage.limits.writesPerTransaction).toBe(100);
    expect(storage.capabilities).toEqual({ concurrentTransactions: true });
  });

  it('refuses the 101st write before calling AWS and writes nothing', async () => {
    const tenantId = freshTenant();
    const result = await storage.transaction(tenantId, async (tx) => {
      // One batched read instead of a read per put of a record not seen yet.
      await tx.records.getMany(
        'items',
        Array.from({ length: 101 }, (_, index) => `i${index}`),
      );
      for (let index = 0; index < 101; index += 1) {
        await tx.records.put({
          collection: 'items',
          id: `i${index}`,
          data: {},
          expectedVersion: 0,
        });
      }
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'storage.limit_exceeded',
      limit: 'writes_per_transaction',
      maximum: 100,
      attempted: 101,
    });
    expect(await listIds(tenantId, 'items')).toEqual([]);
  });

  it('counts records only read against the same 100 actions: 60 writes + 41 reads fail', async () => {
    const tenantId = freshTenant();
    const readIds = Array.from({ length: 41 }, (_, index) => `r${index}`);
    await committed(storage, tenantId, async (tx) => {
      await tx.records.getMany('read', readIds);
      for (const id of readIds) {
        await tx.records.put({ collection: 'read', id, data: {}, expectedVersion: 0 });
      }
    });
    const run = (writes: number) =>
      storage.transaction(tenantId, async (tx) => {
        await tx.records.getMany('read', readIds);
        await tx.records.getMany(
          'items',
          Array.from({ length: writes }, (_, index) => `i${index}`),
        );
        for (let index = 0; index < writes; index += 1) {
          await tx.records.put({
            collection: 'items',
            id: `i${index}`,
            data: {},
            expectedVersion: 0,
          });
        }
        return ok(null);
      });
    expect((await run(60))._unsafeUnwrapErr()).toEqual({
      type: 'storage.limit_exceeded',
      limit: 'writes_per_transaction',
      maximum: 100,
      attempted: 101,
    });
    expect(await listIds(tenantId, 'items')).toEqual([]);
    (await run(59))._unsafeUnwrap();
    expect(await listIds(tenantId, 'items')).toHaveLength(59);
  });

  it('commits a body of exactly bytesPerRecord under the longest keys DynamoDB will see', async () => {
    const tenantId = unwrapOrThrow(
      parseTenantId(`z${crypto.randomUUID().replaceAll('-', '')}`.padEnd(64, '9')),
    );
    const collection = 'c'.repeat(63);
    // 256 UTF-16 units of a 3-byte character: the longest sort key in UTF-8.
    const id = '€'.repeat(256);
    const envelope = JSON.stringify({ blob: '' }).length;
    const data = { blob: 'x'.repeat(storage.limits.bytesPerRecord - envelope) };
    const written = await committed(storage, tenantId, (tx) =>
      tx.records.put({ collection, id, data, expectedVersion: 0 }),
    );
    expect(written.version).toBe(1);
    const read = await committed(storage, tenantId, (tx) => tx.records.get(collection, id));
    expect(fieldOf(read, 'blob')).toHaveLength(data.blob.length);
  });

  it('commits a transaction of nearly bytesPerTransaction in one call', async () => {
    const tenantId = freshTenant();
    const records = 10;
    const blob = 'y'.repeat(Math.floor(storage.limits.bytesPerTransaction / records) - 20);
    await committed(storage, tenantId, async (tx) => {
      for (let index = 0; index < records; index += 1) {
        await tx.records.put({
          collection: 'big',
          id: `b${index}`,
          data: { blob },
          expectedVersion: 0,
        });
      }
    });
    expect(await listIds(tenantId, 'big')).toHaveLength(records);
  });

  it('validates a read-only transaction of more than 100 records in several calls', async () => {
    const tenantId = freshTenant();
    const ids = Array.from({ length: 150 }, (_, index) => `r${String(index).padStart(3, '0')}`);
    for (let start = 0; start < ids.length; start += 50) {
      await committed(storage, tenantId, async (tx) => {
        await tx.records.getMany('many', ids.slice(start, start + 50));
        for (const id of ids.slice(start, start + 50)) {
          await tx.records.put({ collection: 'many', id, data: {}, expectedVersion: 0 });
        }
      });
    }
    const found = await committed(storage, tenantId, async (tx) => {
      const listed = await tx.records.list('many', { limit: 1000 });
      const fetched = await tx.records.getMany('many', [...ids, ...ids]);
      return [listed.items.length, fetched.filter((record) => record !== undefined).length];
    });
    expect(found).toEqual([150, 300]);
  });
});
