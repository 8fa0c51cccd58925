import { err, ok } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId, sampleEvent } from '../fixtures.js';
import {
  asListed,
  committed,
  listIds,
  readRecord,
  type StorageSuiteContext,
} from './storage-suite-context.js';

/** Commit, rollback on `err`, rollback on throw, read-your-writes, outbox atomicity. */
export function defineCommitAndRollbackCases(context: StorageSuiteContext): void {
  it('commits records and outbox events together', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const event = sampleEvent(tenantId, { amount: '12.30' });
    const result = await storage.transaction(tenantId, async (tx) => {
      const first = await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { balance: '10' },
        expectedVersion: 0,
      });
      await tx.records.put({
        collection: 'accounts',
        id: 'a2',
        data: { balance: '20' },
        expectedVersion: 0,
      });
      await tx.outbox.append([event]);
      return ok(first.version);
    });
    expect(result._unsafeUnwrap()).toBe(1);
    expect(await readRecord(storage, tenantId, 'accounts', 'a1')).toEqual({
      collection: 'accounts',
      id: 'a1',
      data: { balance: '10' },
      version: 1,
    });
    expect(await listIds(storage, tenantId, 'accounts')).toEqual(['a1', 'a2']);
    const outbox = await committed(storage, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(outbox.items).toEqual([asListed(event)]);
  });

  it('rolls back every write when the function returns err, and returns that error', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const result = await storage.transaction(tenantId, async (tx) => {
      await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { balance: '10' },
        expectedVersion: 0,
      });
      await tx.outbox.append([sampleEvent(tenantId)]);
      return err({ type: 'ledger.insufficient_funds' as const });
    });
    expect(result._unsafeUnwrapErr()).toEqual({ type: 'ledger.insufficient_funds' });
    expect(await readRecord(storage, tenantId, 'accounts', 'a1')).toBeUndefined();
    const outbox = await committed(storage, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(outbox.items).toEqual([]);
  });

  it('rolls back every write when the function throws, and rethrows', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const failure = new Error('bug in the caller');
    const run = storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'accounts', id: 'a1', data: {}, expectedVersion: 0 });
      await tx.outbox.append([sampleEvent(tenantId)]);
      throw failure;
    });
    await expect(run).rejects.toBe(failure);
    expect(await readRecord(storage, tenantId, 'accounts', 'a1')).toBeUndefined();
    const outbox = await committed(storage, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(outbox.items).toEqual([]);
  });

  it('lets a transaction read its own writes, including in listings', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await committed(storage, tenantId, (tx) =>
      tx.records.put({ collection: 'accounts', id: 'a2', data: { n: 2 }, expectedVersion: 0 }),
    );
    const seen = await committed(storage, tenantId, async (tx) => {
      await tx.records.put({
        collection: 'accounts',
        id: 'a1',
        data: { n: 1 },
        expectedVersion: 0,
      });
      await tx.records.put({
        collection: 'accounts',
        id: 'a2',
        data: { n: 22 },
        expectedVersion: 1,
      });
      const own = await tx.records.get('accounts', 'a1');
      const listed = await tx.records.list('accounts', { limit: 10 });
      return {
        own: own?.data,
        listed: listed.items.map((record) => [record.id, record.data, record.version]),
      };
    });
    expect(seen).toEqual({
      own: { n: 1 },
      listed: [
        ['a1', { n: 1 }, 1],
        ['a2', { n: 22 }, 2],
      ],
    });
  });

  it('returns records in the order asked from getMany, undefined for missing ones', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await committed(storage, tenantId, async (tx) => {
      await tx.records.put({ collection: 'accounts', id: 'b', data: { n: 2 }, expectedVersion: 0 });
      await tx.records.put({ collection: 'accounts', id: 'a', data: { n: 1 }, expectedVersion: 0 });
      return null;
    });
    const found = await committed(storage, tenantId, (tx) =>
      tx.records.getMany('accounts', ['b', 'missing', 'a']),
    );
    expect(found.map((record) => record?.data ?? null)).toEqual([{ n: 2 }, null, { n: 1 }]);
    const locked = await committed(storage, tenantId, (tx) =>
      tx.records.getMany('accounts', ['b', 'missing', 'a'], { lock: true }),
    );
    expect(locked).toEqual(found);
  });

  it('stores JSON bodies exactly: nesting, unicode, large integers as strings', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const data = {
      amountMinor: '123456789012345678901234567890',
      name: 'Zoë — 支払い ✓',
      nested: { list: [1, 2.5, -3, true, null, { deep: 'x' }] },
      empty: {},
    };
    await committed(storage, tenantId, (tx) =>
      tx.records.put({ collection: 'documents', id: 'd1', data, expectedVersion: 0 }),
    );
    expect((await readRecord(storage, tenantId, 'documents', 'd1'))?.data).toEqual(data);
  });

  it('keeps ids exactly, whatever characters they hold, and reads many of them at once', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    // Characters with a meaning in SQL, array literals, JSON or key encodings, and non-ASCII.
    const ids = ['NULL', 'a,b', '{c}', 'd"e', 'f\\g', "h'i", ' j ', 'Zoë', '支払い', '🔑'];
    await committed(storage, tenantId, async (tx) => {
      for (const [index, id] of ids.entries())
        await tx.records.put({ collection: 'documents', id, data: { index }, expectedVersion: 0 });
    });
    const wanted = [...ids, 'absent'].toReversed();
    const expected = wanted.map((id) => (ids.includes(id) ? { index: ids.indexOf(id) } : null));
    for (const lock of [false, true]) {
      const found = await committed(storage, tenantId, (tx) =>
        tx.records.getMany('documents', wanted, { lock }),
      );
      expect(found.map((record) => record?.data ?? null)).toEqual(expected);
      expect(found.map((record) => record?.id ?? null)).toEqual(
        wanted.map((id) => (ids.includes(id) ? id : null)),
      );
    }
  });
}
