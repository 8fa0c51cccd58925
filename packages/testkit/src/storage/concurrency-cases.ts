import {
  ok,
  type Storage,
  type StorageTransaction,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { deferred } from '../deferred.js';
import { freshTenantId } from '../fixtures.js';
import {
  committed,
  insertRecord,
  readRecord,
  type StorageSuiteContext,
} from './storage-suite-context.js';

const WORKERS = 4;
const INCREMENTS_PER_WORKER = 10;

// Writes `current + 1` over the counter the transaction read; returns the new value.
async function writeIncrement(
  tx: StorageTransaction,
  id: string,
  current: StoredRecord | undefined,
): Promise<number> {
  const value = Number(current?.data['value'] ?? 0) + 1;
  await tx.records.put({
    collection: 'counters',
    id,
    data: { value },
    expectedVersion: current?.version ?? 0,
  });
  return value;
}

async function increment(storage: Storage, tenantId: TenantId, id: string): Promise<number> {
  return committed(storage, tenantId, async (tx) =>
    writeIncrement(tx, id, await tx.records.get('counters', id)),
  );
}

/** No lost update under concurrency; conflicts are retried or reported as a typed conflict. */
export function defineConcurrencyCases(context: StorageSuiteContext): void {
  it(`loses no update with ${WORKERS} workers incrementing one counter ${INCREMENTS_PER_WORKER} times each`, async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const worker = async () => {
      for (let done = 0; done < INCREMENTS_PER_WORKER; ) {
        const result = await storage.transaction(tenantId, async (tx) =>
          ok(await writeIncrement(tx, 'c', await tx.records.get('counters', 'c'))),
        );
        // A conflict that outlived the retry budget is the caller's to retry; anything else is a bug.
        if (result.isOk()) done += 1;
        else if (result.error.type !== 'storage.conflict')
          throw new Error(`unexpected ${result.error.type}`);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const counter = await readRecord(storage, tenantId, 'counters', 'c');
    expect(counter?.data['value']).toBe(WORKERS * INCREMENTS_PER_WORKER);
    expect(counter?.version).toBe(WORKERS * INCREMENTS_PER_WORKER);
  });

  it('completes transactions that lock overlapping records asked in opposite orders, losing no update', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const ids = ['lock-a', 'lock-b', 'lock-c'];
    // Half the workers ask a→c, half c→a: with row locks taken in the order asked, two of them
    // would deadlock; the port locks in id order, so every one completes.
    const runs = Array.from({ length: WORKERS * 2 }, (_, worker) =>
      committed(storage, tenantId, async (tx) => {
        const asked = worker % 2 === 0 ? ids : [...ids].reverse();
        const current = await tx.records.getMany('counters', asked, { lock: true });
        for (const [position, id] of asked.entries()) {
          await writeIncrement(tx, id, current[position]);
        }
        return null;
      }),
    );
    await Promise.all(runs);
    for (const id of ids) {
      expect((await readRecord(storage, tenantId, 'counters', id))?.data['value']).toBe(
        WORKERS * 2,
      );
    }
  });

  it('re-runs a transaction whose read was overwritten by a concurrent commit', async (test) => {
    const storage = context.storage();
    if (!storage.capabilities.concurrentTransactions)
      test.skip('transactions on this backend queue; none can interleave');
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'counters', 'c', { value: 0 });
    const firstRead = deferred();
    const otherCommitted = deferred();
    let runs = 0;
    const slow = storage.transaction(tenantId, async (tx) => {
      runs += 1;
      const current = await tx.records.get('counters', 'c');
      if (runs === 1) {
        firstRead.resolve();
        await otherCommitted.promise;
      }
      return ok(await writeIncrement(tx, 'c', current));
    });
    await firstRead.promise;
    await increment(storage, tenantId, 'c');
    otherCommitted.resolve();
    expect((await slow)._unsafeUnwrap()).toBe(2);
    expect(runs).toBe(2);
    expect((await readRecord(storage, tenantId, 'counters', 'c'))?.data).toEqual({ value: 2 });
  });

  it('loses no update at read_committed isolation when every rewritten record is read for update', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'counters', 'rc', { value: 0 });
    const runs = Array.from({ length: WORKERS * 2 }, (_, worker) =>
      storage.transaction(
        tenantId,
        async (tx) => {
          const [current] = await tx.records.getMany('counters', ['rc'], { lock: true });
          await writeIncrement(tx, 'rc', current);
          // Each also inserts a row of its own, which commits with the increment.
          await tx.records.put({
            collection: 'lines',
            id: `w${worker}`,
            data: {},
            expectedVersion: 0,
          });
          return ok(null);
        },
        { isolation: 'read_committed' },
      ),
    );
    const results = await Promise.all(runs);
    expect(results.every((result) => result.isOk())).toBe(true);
    expect((await readRecord(storage, tenantId, 'counters', 'rc'))?.data['value']).toBe(
      WORKERS * 2,
    );
  });

  it('re-runs, not refuses, an insert whose key a concurrent commit took after this transaction read', async (test) => {
    const storage = context.storage();
    if (!storage.capabilities.concurrentTransactions)
      test.skip('transactions on this backend queue; none can interleave');
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'counters', 'head', { value: 0 });
    const firstRead = deferred();
    const otherCommitted = deferred();
    let runs = 0;
    // Appends line `head + 1` after reading the head, as a ledger appends statement lines.
    const append = (tx: StorageTransaction, current: StoredRecord | undefined) => {
      const next = Number(current?.data['value'] ?? 0) + 1;
      return Promise.all([
        tx.records.put({
          collection: 'counters',
          id: 'head',
          data: { value: next },
          expectedVersion: current?.version ?? 0,
        }),
        tx.records.put({ collection: 'lines', id: `line-${next}`, data: {}, expectedVersion: 0 }),
      ]);
    };
    const slow = storage.transaction(tenantId, async (tx) => {
      runs += 1;
      const head = await tx.records.get('counters', 'head');
      if (runs === 1) {
        firstRead.resolve();
        await otherCommitted.promise;
      }
      await append(tx, head);
      return ok(null);
    });
    await firstRead.promise;
    await committed(storage, tenantId, async (tx) => {
      await append(tx, await tx.records.get('counters', 'head'));
      return null;
    });
    otherCommitted.resolve();
    expect((await slow).isOk()).toBe(true);
    expect(runs).toBe(2);
    expect((await readRecord(storage, tenantId, 'counters', 'head'))?.data).toEqual({ value: 2 });
    expect(await readRecord(storage, tenantId, 'lines', 'line-2')).toBeDefined();
  });

  it('reports storage.conflict with the attempts made when the budget runs out', async (test) => {
    const storage = context.storage();
    if (!storage.capabilities.concurrentTransactions)
      test.skip('transactions on this backend queue; none can interleave');
    const tenantId = freshTenantId();
    await insertRecord(storage, tenantId, 'counters', 'c', { value: 0 });
    await insertRecord(storage, tenantId, 'counters', 'watched', { value: 0 });
    const firstRead = deferred();
    const otherCommitted = deferred();
    const slow = storage.transaction(
      tenantId,
      async (tx) => {
        // Reads one record and writes another, based on the first.
        const watched = await tx.records.get('counters', 'watched');
        firstRead.resolve();
        await otherCommitted.promise;
        const current = await tx.records.get('counters', 'c');
        await tx.records.put({
          collection: 'counters',
          id: 'c',
          data: { value: Number(watched?.data['value']) },
          expectedVersion: current?.version ?? 0,
        });
        return ok(null);
      },
      { maxAttempts: 1 },
    );
    await firstRead.promise;
    // The other transaction reads what the slow one will write and writes what it read: a cycle
    // no serial order explains (write skew), which every backend must refuse.
    await committed(storage, tenantId, async (tx) => {
      await tx.records.get('counters', 'c');
      const watched = await tx.records.get('counters', 'watched');
      return tx.records.put({
        collection: 'counters',
        id: 'watched',
        data: { value: Number(watched?.data['value']) + 1 },
        expectedVersion: watched?.version ?? 0,
      });
    });
    otherCommitted.resolve();
    expect((await slow)._unsafeUnwrapErr()).toEqual({ type: 'storage.conflict', attempts: 1 });
    expect(await readRecord(storage, tenantId, 'counters', 'c')).toMatchObject({
      data: { value: 0 },
      version: 1,
    });
  });
}
