import { ok, parseTenantId, type StorageTransaction, unwrapOrThrow } from '@strongroom/kernel';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createMemoryStorage } from '../src/index.js';

const tenantId = unwrapOrThrow(parseTenantId('listing'));

async function walk(tx: StorageTransaction, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let page = await tx.records.list('items', { limit });
  ids.push(...page.items.map((record) => record.id));
  while (page.next !== null) {
    page = await tx.records.list('items', { limit, after: page.next });
    ids.push(...page.items.map((record) => record.id));
  }
  return ids;
}

it('pages through committed records merged with the transaction’s own inserts and deletes', async () => {
  const id = fc.stringMatching(/^[a-z0-9]{1,4}$/);
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(id, { maxLength: 40 }),
      fc.uniqueArray(id, { maxLength: 10 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.integer({ min: 1, max: 7 }),
      async (committed, inserted, deletions, limit) => {
        const storage = createMemoryStorage();
        unwrapOrThrow(
          await storage.transaction(tenantId, async (tx) => {
            for (const key of committed)
              await tx.records.put({ collection: 'items', id: key, data: {}, expectedVersion: 0 });
            // A record of another collection must never show.
            await tx.records.put({ collection: 'others', id: 'zz', data: {}, expectedVersion: 0 });
            return ok(null);
          }),
        );
        const deleted = new Set(
          deletions
            .map((index) => committed[index % Math.max(committed.length, 1)])
            .filter((key) => key !== undefined),
        );
        const fresh = inserted.filter((key) => !committed.includes(key));
        const listed = unwrapOrThrow(
          await storage.transaction(tenantId, async (tx) => {
            for (const key of deleted)
              await tx.records.delete({ collection: 'items', id: key, expectedVersion: 1 });
            for (const key of fresh)
              await tx.records.put({ collection: 'items', id: key, data: {}, expectedVersion: 0 });
            return ok(await walk(tx, limit));
          }),
        );
        const expected = [...committed.filter((key) => !deleted.has(key)), ...fresh].sort();
        expect(listed).toEqual(expected);
      },
    ),
    { numRuns: 200 },
  );
});
