import { expect, it } from 'vitest';
import { freshTenantId, sampleEvent } from '../fixtures.js';
import { asListed, committed, listIds, type StorageSuiteContext } from './storage-suite-context.js';

/** Listings are ordered by id, paginated with cursors, and confined to one collection. */
export function defineListingCases(context: StorageSuiteContext): void {
  it('pages through a collection in ascending id order', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const ids = Array.from({ length: 25 }, (_, index) => `r${String(index).padStart(3, '0')}`);
    await committed(storage, tenantId, async (tx) => {
      for (const id of [...ids].reverse()) {
        await tx.records.put({ collection: 'items', id, data: {}, expectedVersion: 0 });
      }
      await tx.records.put({ collection: 'others', id: 'r000', data: {}, expectedVersion: 0 });
      return null;
    });
    const pages = await committed(storage, tenantId, async (tx) => {
      const first = await tx.records.list('items', { limit: 10 });
      const second = await tx.records.list('items', {
        limit: 10,
        ...(first.next ? { after: first.next } : {}),
      });
      const third = await tx.records.list('items', {
        limit: 10,
        ...(second.next ? { after: second.next } : {}),
      });
      return [first, second, third];
    });
    expect(pages.map((page) => page.items.length)).toEqual([10, 10, 5]);
    expect(pages.map((page) => page.next === null)).toEqual([false, false, true]);
    expect(pages.flatMap((page) => page.items.map((record) => record.id))).toEqual(ids);
    expect(await listIds(storage, tenantId, 'others')).toEqual(['r000']);
  });

  it('returns an empty last page for an exact multiple of the limit', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await committed(storage, tenantId, async (tx) => {
      for (const id of ['a', 'b'])
        await tx.records.put({ collection: 'items', id, data: {}, expectedVersion: 0 });
      return null;
    });
    const page = await committed(storage, tenantId, (tx) => tx.records.list('items', { limit: 2 }));
    expect(page.items.map((record) => record.id)).toEqual(['a', 'b']);
    expect(page.next).toBeNull();
  });

  it('lists outbox events in id order across transactions, with pagination', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const events = Array.from({ length: 5 }, (_, index) => sampleEvent(tenantId, { index }));
    await committed(storage, tenantId, (tx) => tx.outbox.append(events.slice(0, 3)));
    await committed(storage, tenantId, (tx) => tx.outbox.append(events.slice(3)));
    const [first, second] = await committed(storage, tenantId, async (tx) => {
      const head = await tx.outbox.list({ limit: 3 });
      const tail = await tx.outbox.list({ limit: 3, ...(head.next ? { after: head.next } : {}) });
      return [head, tail];
    });
    const sorted = [...events].sort((left, right) => (left.id < right.id ? -1 : 1)).map(asListed);
    expect([...(first?.items ?? []), ...(second?.items ?? [])]).toEqual(sorted);
    expect(second?.next).toBeNull();
  });
}
