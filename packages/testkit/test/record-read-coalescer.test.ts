import {
  AssertionFailure,
  createRecordReadCoalescer,
  errAsync,
  ok,
  type RecordStore,
  type Storage,
  type StorageTransaction,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { deferred } from '../src/deferred.js';
import { freshTenantId } from '../src/fixtures.js';
import { countingStorage, type TransactionCounts } from '../src/storage/counting-storage.js';
import { storageForSuite } from './backend-storage.js';
import { BACKENDS } from './backends.js';

const NOTES = 'testkit.notes';
const TAGS = 'testkit.tags';

async function write(storage: Storage, tenantId: TenantId, collection: string, id: string) {
  unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.put({ collection, id, data: { id }, expectedVersion: 0 })),
    ),
  );
}

// The ids of what a read found, `null` for each missing record.
function foundIds(records: readonly ({ id: string } | undefined)[]): (string | null)[] {
  return records.map((record) => record?.id ?? null);
}

// `inner`, with the reads of its first transaction held after they ran until `gate` settles.
function holdingFirstRead(inner: Storage, gate: Promise<void>): Storage {
  let transactions = 0;
  return {
    ...inner,
    transaction(tenantId, fn, options) {
      transactions += 1;
      if (transactions > 1) return inner.transaction(tenantId, fn, options);
      return inner.transaction(
        tenantId,
        (tx) => {
          const records = new Proxy(tx.records, {
            get(target, property) {
              if (property !== 'getMany') return Reflect.get(target, property, target);
              return async (...args: Parameters<RecordStore['getMany']>) => {
                const found = await target.getMany(...args);
                await gate;
                return found;
              };
            },
          });
          const held = new Proxy(tx, {
            get: (target, property) =>
              property === 'records' ? records : Reflect.get(target, property, target),
          });
          return fn(held as StorageTransaction);
        },
        options,
      );
    },
  };
}

describe.each(BACKENDS)('record read coalescer on $name', (backend) => {
  const under = storageForSuite(backend);
  // Only a storage that declares shared transactions (the Postgres server) shares reads; memory,
  // PGlite and DynamoDB give every call a transaction of its own.
  const sharing = () => under().capabilities.sharedTransactions === true;

  it('answers the calls of one tick from one read transaction where reads are shared (else one each), each with its own records', async () => {
    const tenantId = freshTenantId();
    for (const id of ['a', 'b', 'c']) await write(under(), tenantId, NOTES, id);
    await write(under(), tenantId, TAGS, 'a');
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const reader = createRecordReadCoalescer(countingStorage(under(), counts));
    const answers = await Promise.all([
      reader.read(tenantId, NOTES, ['c', 'a']),
      reader.read(tenantId, NOTES, ['missing', 'b', 'b']),
      reader.read(tenantId, TAGS, ['a', 'b']),
      reader.read(tenantId, NOTES, ['a']),
    ]);
    expect(answers.map((answer) => foundIds(unwrapOrThrow(answer)))).toEqual([
      ['c', 'a'],
      [null, 'b', 'b'],
      ['a', null],
      ['a'],
    ]);
    expect(unwrapOrThrow(answers[2])[0]?.collection).toBe(TAGS);
    expect(sharing()).toBe(backend.name === 'postgres');
    expect(counts.transactions).toBe(sharing() ? 1 : answers.length);
  });

  it('sees every commit made before the call, and asks nothing for no ids', async () => {
    const tenantId = freshTenantId();
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const reader = createRecordReadCoalescer(countingStorage(under(), counts));
    expect(foundIds(unwrapOrThrow(await reader.read(tenantId, NOTES, ['late'])))).toEqual([null]);
    await write(under(), tenantId, NOTES, 'late');
    expect(foundIds(unwrapOrThrow(await reader.read(tenantId, NOTES, ['late'])))).toEqual(['late']);
    expect(unwrapOrThrow(await reader.read(tenantId, NOTES, []))).toEqual([]);
    expect(counts.transactions).toBe(2);
  });

  it('never answers a call from a read that ran before the call was made', async (context) => {
    // One connection (PGlite) cannot commit a write while the held read stays open.
    if (!under().capabilities.concurrentTransactions) context.skip();
    const tenantId = freshTenantId();
    const gate = deferred();
    const reader = createRecordReadCoalescer(holdingFirstRead(under(), gate.promise));
    const early = reader.read(tenantId, NOTES, ['fresh']);
    // Let the first read run (and wait at the gate) before the write and the second call.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await write(under(), tenantId, NOTES, 'fresh');
    const late = reader.read(tenantId, NOTES, ['fresh']);
    gate.resolve();
    // The early call may see the write or not: an optimistic storage re-runs its read on conflict
    // (memory does; Postgres and DynamoDB Local answer it from before the write).
    expect((await early).isOk()).toBe(true);
    expect(foundIds(unwrapOrThrow(await late))).toEqual(['fresh']);
  });

  it("keeps tenants apart: each tenant's calls are read in that tenant's own transaction", async () => {
    const [first, second] = [freshTenantId(), freshTenantId()];
    await write(under(), first, NOTES, 'mine');
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const reader = createRecordReadCoalescer(countingStorage(under(), counts));
    const [own, other] = await Promise.all([
      reader.read(first, NOTES, ['mine']),
      reader.read(second, NOTES, ['mine']),
    ]);
    expect(foundIds(unwrapOrThrow(own))).toEqual(['mine']);
    expect(foundIds(unwrapOrThrow(other))).toEqual([null]);
    expect(counts.transactions).toBe(2);
  });

  it('answers at most maxCallsPerRead calls per transaction', async () => {
    const tenantId = freshTenantId();
    await write(under(), tenantId, NOTES, 'x');
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const reader = createRecordReadCoalescer(countingStorage(under(), counts), {
      maxCallsPerRead: 2,
    });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => reader.read(tenantId, NOTES, ['x'])),
    );
    expect(answers.map((answer) => foundIds(unwrapOrThrow(answer)))).toEqual(
      Array.from({ length: 5 }, () => ['x']),
    );
    expect(counts.transactions).toBe(sharing() ? 3 : answers.length);
  });
});

describe('record read coalescer on a failing storage', () => {
  const failing: Storage = {
    name: 'failing',
    limits: { writesPerTransaction: 100, bytesPerTransaction: 1_000_000, bytesPerRecord: 100_000 },
    capabilities: { concurrentTransactions: true },
    transaction: () => errAsync({ type: 'storage.conflict', attempts: 3 } as const),
    close: async () => undefined,
  };

  it('gives every caller of the failed read its storage error', async () => {
    const reader = createRecordReadCoalescer(failing);
    const tenantId = freshTenantId();
    const answers = await Promise.all([
      reader.read(tenantId, NOTES, ['a']),
      reader.read(tenantId, TAGS, ['b']),
    ]);
    for (const answer of answers) {
      expect(answer._unsafeUnwrapErr()).toEqual({ type: 'storage.conflict', attempts: 3 });
    }
  });

  it.each([
    { maxCallsPerRead: 0 },
    { maxCallsPerRead: 1.5 },
    { maxInFlight: 0 },
    { maxInFlight: 1025 },
  ])('refuses the limits %o with an AssertionFailure', (limits) => {
    expect(() => createRecordReadCoalescer(failing, limits)).toThrow(AssertionFailure);
  });
});
