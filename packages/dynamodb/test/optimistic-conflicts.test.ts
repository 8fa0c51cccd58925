import {
  err,
  ok,
  type Result,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, createTestStorage, deferred, fieldOf, freshTenant } from './test-table.js';

describe('optimistic transactions', () => {
  let context: Awaited<ReturnType<typeof createTestStorage>>;
  let storage: Storage;
  beforeAll(async () => {
    // Short backoff: these tests retry on purpose.
    context = await createTestStorage('conflicts', { retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    storage = context.storage;
  });
  afterAll(() => context.dispose());

  const put = (tenantId: TenantId, id: string, data: { value: number }, expectedVersion: number) =>
    committed(storage, tenantId, (tx) =>
      tx.records.put({ collection: 'counters', id, data, expectedVersion }),
    );
  const dataOf = async (tenantId: TenantId, id: string) =>
    committed(storage, tenantId, async (tx) => (await tx.records.get('counters', id))?.data);

  // T1 reads, T2 writes and commits, then T1 writes: T1's commit condition fails.
  function interleave(tenantId: TenantId, maxAttempts?: number) {
    const firstRead = deferred();
    const otherCommitted = deferred();
    let runs = 0;
    const slow = storage.transaction(
      tenantId,
      async (tx) => {
        runs += 1;
        const current = await tx.records.get('counters', 'c');
        if (runs === 1) {
          firstRead.resolve();
          await otherCommitted.promise;
        }
        const value = Number(fieldOf(current, 'value')) + 1;
        await tx.records.put({
          collection: 'counters',
          id: 'c',
          data: { value },
          expectedVersion: current?.version ?? 0,
        });
        return ok(value);
      },
      maxAttempts === undefined ? {} : { maxAttempts },
    );
    return { slow, firstRead, otherCommitted, runs: () => runs };
  }

  it('runs a transaction again when a concurrent commit changed what it read', async () => {
    const tenantId = freshTenant();
    await put(tenantId, 'c', { value: 0 }, 0);
    const { slow, firstRead, otherCommitted, runs } = interleave(tenantId);
    await firstRead.promise;
    await put(tenantId, 'c', { value: 1 }, 1);
    otherCommitted.resolve();
    expect((await slow)._unsafeUnwrap()).toBe(2);
    expect(runs()).toBe(2);
    expect(await dataOf(tenantId, 'c')).toEqual({ value: 2 });
  });

  it('reports storage.conflict when the budget is one attempt, and writes nothing', async () => {
    const tenantId = freshTenant();
    await put(tenantId, 'c', { value: 0 }, 0);
    const { slow, firstRead, otherCommitted } = interleave(tenantId, 1);
    await firstRead.promise;
    await put(tenantId, 'c', { value: 10 }, 1);
    otherCommitted.resolve();
    expect((await slow)._unsafeUnwrapErr()).toEqual({ type: 'storage.conflict', attempts: 1 });
    expect(await dataOf(tenantId, 'c')).toEqual({ value: 10 });
  });

  it('fails a write based on a record only read, when that record changed (ConditionCheck)', async () => {
    const tenantId = freshTenant();
    await put(tenantId, 'x', { value: 1 }, 0);
    const firstRead = deferred();
    const otherCommitted = deferred();
    const attempts: number[] = [];
    const slow = storage.transaction(tenantId, async (tx) => {
      const x = await tx.records.get('counters', 'x');
      attempts.push(Number(fieldOf(x, 'value')));
      if (attempts.length === 1) {
        firstRead.resolve();
        await otherCommitted.promise;
      }
      const y = await tx.records.get('counters', 'y');
      await tx.records.put({
        collection: 'counters',
        id: 'y',
        data: { value: Number(fieldOf(x, 'value')) * 100 },
        expectedVersion: y?.version ?? 0,
      });
      return ok(null);
    });
    await firstRead.promise;
    await put(tenantId, 'x', { value: 2 }, 1);
    otherCommitted.resolve();
    (await slow)._unsafeUnwrap();
    expect(attempts).toEqual([1, 2]);
    expect(await dataOf(tenantId, 'y')).toEqual({ value: 200 });
  });

  it('detects a record deleted and re-inserted at the same version since it was read', async () => {
    const tenantId = freshTenant();
    await put(tenantId, 'x', { value: 1 }, 0);
    const firstRead = deferred();
    const otherCommitted = deferred();
    const slow = storage.transaction(
      tenantId,
      async (tx) => {
        const x = await tx.records.get('counters', 'x');
        firstRead.resolve();
        await otherCommitted.promise;
        await tx.records.put({
          collection: 'counters',
          id: 'copy',
          data: { value: Number(fieldOf(x, 'value')) },
          expectedVersion: 0,
        });
        return ok(x?.version);
      },
      { maxAttempts: 1 },
    );
    await firstRead.promise;
    await committed(storage, tenantId, (tx) =>
      tx.records.delete({ collection: 'counters', id: 'x', expectedVersion: 1 }),
    );
    await put(tenantId, 'x', { value: 99 }, 0);
    otherCommitted.resolve();
    expect((await slow)._unsafeUnwrapErr()).toEqual({ type: 'storage.conflict', attempts: 1 });
    expect(await dataOf(tenantId, 'copy')).toBeUndefined();
  });

  // Two records whose sum is always 10; a transfer moves value between them atomically.
  async function readSumDuringTransfer(
    tenantId: TenantId,
    decide: (sum: number) => Result<number, string>,
  ) {
    await committed(storage, tenantId, async (tx) => {
      await tx.records.put({
        collection: 'counters',
        id: 'a',
        data: { value: 5 },
        expectedVersion: 0,
      });
      await tx.records.put({
        collection: 'counters',
        id: 'b',
        data: { value: 5 },
        expectedVersion: 0,
      });
    });
    const firstRead = deferred();
    const transferred = deferred();
    let runs = 0;
    const reader = storage.transaction(tenantId, async (tx) => {
      runs += 1;
      const a = await tx.records.get('counters', 'a');
      if (runs === 1) {
        firstRead.resolve();
        await transferred.promise;
      }
      const b = await tx.records.get('counters', 'b');
      return decide(Number(fieldOf(a, 'value')) + Number(fieldOf(b, 'value')));
    });
    await firstRead.promise;
    await committed(storage, tenantId, async (tx) => {
      await tx.records.put({
        collection: 'counters',
        id: 'a',
        data: { value: 2 },
        expectedVersion: 1,
      });
      await tx.records.put({
        collection: 'counters',
        id: 'b',
        data: { value: 8 },
        expectedVersion: 1,
      });
    });
    transferred.resolve();
    return { result: await reader, runs };
  }

  it('validates the reads of a read-only transaction, so they are one consistent state', async () => {
    const { result, runs } = await readSumDuringTransfer(freshTenant(), (sum) => ok(sum));
    expect(result._unsafeUnwrap()).toBe(10);
    expect(runs).toBe(2);
  });

  it('validates the reads of a transaction returning err, so no bogus domain error escapes', async () => {
    const { result, runs } = await readSumDuringTransfer(freshTenant(), (sum) =>
      sum === 10 ? ok(sum) : err('torn read'),
    );
    expect(result._unsafeUnwrap()).toBe(10);
    expect(runs).toBe(2);
  });

  it('stops at once when a listing shows a record changed since it was read', async () => {
    const tenantId = freshTenant();
    await put(tenantId, 'c', { value: 0 }, 0);
    const firstRead = deferred();
    const otherCommitted = deferred();
    const listedVersions: number[][] = [];
    const reader = storage.transaction(tenantId, async (tx) => {
      const before = await tx.records.get('counters', 'c');
      if (listedVersions.length === 0) {
        firstRead.resolve();
        await otherCommitted.promise;
      }
      const page = await tx.records.list('counters', { limit: 10 });
      listedVersions.push(page.items.map((record) => record.version));
      return ok(before?.version);
    });
    await firstRead.promise;
    await put(tenantId, 'c', { value: 1 }, 1);
    otherCommitted.resolve();
    expect((await reader)._unsafeUnwrap()).toBe(2);
    // The first attempt never saw the listing that disagreed with its earlier read.
    expect(listedVersions).toEqual([[2]]);
  });

  it('stops at once when a read for update finds an earlier read changed, so no torn state is decided on', async () => {
    const tenantId = freshTenant();
    await put(tenantId, 'hold', { value: 0 }, 0);
    await put(tenantId, 'account', { value: 0 }, 0);
    const firstRead = deferred();
    const otherCommitted = deferred();
    const seen: [number | undefined, number | undefined][] = [];
    const reader = storage.transaction(tenantId, async (tx) => {
      const hold = await tx.records.get('counters', 'hold');
      if (seen.length === 0) {
        firstRead.resolve();
        await otherCommitted.promise;
      }
      const [account] = await tx.records.getMany('counters', ['account'], { lock: true });
      seen.push([hold?.version, account?.version]);
      return ok(seen.length);
    });
    await firstRead.promise;
    // Another process releases the hold and the account in one commit, between the two reads.
    unwrapOrThrow(
      await storage.transaction(tenantId, async (tx) => {
        await tx.records.put({
          collection: 'counters',
          id: 'hold',
          data: { value: 1 },
          expectedVersion: 1,
        });
        await tx.records.put({
          collection: 'counters',
          id: 'account',
          data: { value: 1 },
          expectedVersion: 1,
        });
        return ok(undefined);
      }),
    );
    otherCommitted.resolve();
    expect((await reader)._unsafeUnwrap()).toBe(1);
    // The only attempt that returned saw both records at one state.
    expect(seen).toEqual([[2, 2]]);
  });
});
