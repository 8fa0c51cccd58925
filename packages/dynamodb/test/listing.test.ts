import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  AssertionFailure,
  type EventEnvelope,
  ok,
  type Storage,
  type TenantId,
  typeIdGenerator,
} from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, createTestStorage, fieldOf, freshTenant } from './test-table.js';

describe('reads merged with buffered writes', () => {
  let context: Awaited<ReturnType<typeof createTestStorage>>;
  let storage: Storage;
  beforeAll(async () => {
    context = await createTestStorage('listing');
    storage = context.storage;
  });
  afterAll(() => context.dispose());

  const ids = (count: number) =>
    Array.from({ length: count }, (_, index) => `r${String(index + 1).padStart(2, '0')}`);

  async function insert(tenantId: TenantId, collection: string, recordIds: readonly string[]) {
    await committed(storage, tenantId, async (tx) => {
      await tx.records.getMany(collection, recordIds);
      for (const id of recordIds) {
        await tx.records.put({ collection, id, data: { id }, expectedVersion: 0 });
      }
    });
  }

  it('pages through table records merged with the transaction’s puts and deletes', async () => {
    const tenantId = freshTenant();
    await insert(tenantId, 'items', ids(10));
    const pages = await committed(storage, tenantId, async (tx) => {
      for (const id of ['r01', 'r02', 'r03', 'r04', 'r05', 'r07']) {
        await tx.records.delete({ collection: 'items', id, expectedVersion: 1 });
      }
      await tx.records.put({
        collection: 'items',
        id: 'r055',
        data: { id: 'new' },
        expectedVersion: 0,
      });
      await tx.records.put({
        collection: 'items',
        id: 'r06',
        data: { id: 'changed' },
        expectedVersion: 1,
      });
      await tx.records.put({
        collection: 'items',
        id: 'r99',
        data: { id: 'last' },
        expectedVersion: 0,
      });
      await tx.records.put({ collection: 'other', id: 'r00', data: {}, expectedVersion: 0 });
      const seen: [string, number][][] = [];
      let page = await tx.records.list('items', { limit: 2 });
      seen.push(page.items.map((record) => [record.id, record.version]));
      while (page.next !== null) {
        page = await tx.records.list('items', { limit: 2, after: page.next });
        seen.push(page.items.map((record) => [record.id, record.version]));
      }
      return seen;
    });
    expect(pages).toEqual([
      [
        ['r055', 1],
        ['r06', 2],
      ],
      [
        ['r08', 1],
        ['r09', 1],
      ],
      [
        ['r10', 1],
        ['r99', 1],
      ],
    ]);
  });

  it('continues after a cursor whose record was deleted in between', async () => {
    const tenantId = freshTenant();
    await insert(tenantId, 'items', ids(4));
    const first = await committed(storage, tenantId, (tx) =>
      tx.records.list('items', { limit: 2 }),
    );
    await committed(storage, tenantId, (tx) =>
      tx.records.delete({ collection: 'items', id: 'r02', expectedVersion: 1 }),
    );
    const second = await committed(storage, tenantId, (tx) =>
      tx.records.list('items', { limit: 2, ...(first.next ? { after: first.next } : {}) }),
    );
    expect(second.items.map((record) => record.id)).toEqual(['r03', 'r04']);
    expect(second.next).toBeNull();
  });

  it('gets many records across batch chunks, in the order asked, duplicates included', async () => {
    const tenantId = freshTenant();
    const all = Array.from({ length: 230 }, (_, index) => `m${index}`);
    for (let start = 0; start < all.length; start += 100) {
      await insert(tenantId, 'many', all.slice(start, start + 100));
    }
    const asked = ['m229', 'missing', ...all.slice(0, 210).reverse(), 'm229'];
    const found = await committed(storage, tenantId, (tx) => tx.records.getMany('many', asked));
    expect(found.map((record) => fieldOf(record, 'id') ?? null)).toEqual(
      asked.map((id) => (id === 'missing' ? null : id)),
    );
    const own = await committed(storage, tenantId, async (tx) => {
      await tx.records.put({
        collection: 'many',
        id: 'm5',
        data: { id: 'mine' },
        expectedVersion: 1,
      });
      await tx.records.delete({ collection: 'many', id: 'm6', expectedVersion: 1 });
      return tx.records.getMany('many', ['m4', 'm5', 'm6']);
    });
    expect(own.map((record) => fieldOf(record, 'id') ?? null)).toEqual(['m4', 'mine', null]);
  });

  it('lists the outbox with the transaction’s own events, in id order', async () => {
    const tenantId = freshTenant();
    const events = Array.from({ length: 4 }, (_, index) => sampleEvent(tenantId, index));
    await committed(storage, tenantId, (tx) =>
      tx.outbox.append([events[0], events[2]].flatMap((e) => e ?? [])),
    );
    const listed = await committed(storage, tenantId, async (tx) => {
      await tx.outbox.append([events[1], events[3]].flatMap((e) => e ?? []));
      const head = await tx.outbox.list({ limit: 3 });
      const tail = await tx.outbox.list({ limit: 3, ...(head.next ? { after: head.next } : {}) });
      return [...head.items, ...tail.items];
    });
    expect(listed).toEqual(events);
  });

  it('reads an event stored before the stream and actor fields existed with them null', async () => {
    const tenantId = freshTenant();
    const event = sampleEvent(tenantId, 0);
    // The row exactly as the adapter wrote it before the fields existed: no keys for them.
    const older = {
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      payload: event.payload,
      occurredAt: event.occurredAt.toISOString(),
      correlationId: event.correlationId,
      causationId: event.causationId,
    };
    await context.client.send(
      new PutItemCommand({
        TableName: context.tableName,
        Item: {
          pk: { S: `t#${tenantId}#o` },
          sk: { S: event.id },
          data: { S: JSON.stringify(older) },
        },
      }),
    );
    const listed = await committed(storage, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(listed.items).toEqual([event]);
    await committed(storage, tenantId, (tx) => tx.outbox.remove([event.id]));
    expect(
      (await committed(storage, tenantId, (tx) => tx.outbox.list({ limit: 10 }))).items,
    ).toEqual([]);
  });

  it('treats an event id already in the outbox as a programmer error', async () => {
    const tenantId = freshTenant();
    const event = sampleEvent(tenantId, 0);
    await committed(storage, tenantId, (tx) => tx.outbox.append([event]));
    const again = storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'items', id: 'x', data: {}, expectedVersion: 0 });
      await tx.outbox.append([event]);
      return ok(null);
    });
    await expect(again).rejects.toBeInstanceOf(AssertionFailure);
    const ids = await committed(storage, tenantId, async (tx) =>
      (await tx.records.list('items', { limit: 10 })).items.map((record) => record.id),
    );
    expect(ids).toEqual([]);
  });

  it('refuses a transaction used after its function returned', async () => {
    const tenantId = freshTenant();
    let leaked: Parameters<Parameters<Storage['transaction']>[1]>[0] | undefined;
    await committed(storage, tenantId, async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.records.get('items', 'x')).rejects.toBeInstanceOf(AssertionFailure);
  });
});

function sampleEvent(tenantId: TenantId, index: number): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'test.happened',
    schemaVersion: 1,
    payload: { index },
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    correlationId: 'req_test',
    causationId: null,
    streamId: null,
    streamVersion: null,
    actor: null,
  };
}
