import { ok, type Storage, type StoredRecord } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';

const acme = tenant('acme');

// Resolves once `parties` callers have arrived, so two transactions interleave deterministically.
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return opened;
  };
}

// The value of a counter record; 0 when there is none.
function counterValue(record: StoredRecord | undefined): number {
  const { value } = record?.data ?? {};
  return Number(value ?? 0);
}

async function readCounter(storage: Storage, id: string): Promise<number> {
  const result = await storage.transaction(acme, async (tx) =>
    ok(await tx.records.get('counters', id)),
  );
  return counterValue(result._unsafeUnwrap());
}

describe('serializable transactions on postgres', () => {
  const [postgres] = BACKENDS;
  let fixture: Fixture;
  let storage: Storage;

  beforeAll(async () => {
    fixture = await (postgres?.open() ?? Promise.reject(new Error('no postgres backend')));
    storage = await fixture.storage();
    await storage.transaction(acme, async (tx) => {
      for (const id of ['skew-a', 'skew-b', 'exhausted', 'counter']) {
        await tx.records.put({
          collection: 'counters',
          id,
          data: { value: 0 },
          expectedVersion: 0,
        });
      }
      return ok(undefined);
    });
  });
  afterAll(() => fixture?.close());

  it('retries a serialization failure and then succeeds (write skew is not allowed)', async () => {
    // Each reads both records and writes the other one: fine under REPEATABLE READ, a
    // serialization failure under SERIALIZABLE, so one of them must run again.
    const bothRead = barrier(2);
    let attempts = 0;
    const skew = (read: string, write: string) =>
      storage.transaction(acme, async (tx) => {
        attempts += 1;
        const [mine, other] = await tx.records.getMany('counters', [write, read]);
        if (attempts <= 2) await bothRead();
        const value = counterValue(other) + 1;
        return ok(
          await tx.records.put({
            collection: 'counters',
            id: write,
            data: { value },
            expectedVersion: mine?.version ?? 0,
          }),
        );
      });
    const results = await Promise.all([skew('skew-a', 'skew-b'), skew('skew-b', 'skew-a')]);
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(attempts).toBe(3);
    const values = [
      await readCounter(storage, 'skew-a'),
      await readCounter(storage, 'skew-b'),
    ].sort();
    expect(values).toEqual([1, 2]);
  });

  it('turns two inserts of one new key into a conflict, not a duplicate key error', async () => {
    const bothRead = barrier(2);
    let attempts = 0;
    const insertOrBump = () =>
      storage.transaction(acme, async (tx) => {
        attempts += 1;
        const existing = await tx.records.get('counters', 'inserted');
        if (attempts <= 2) await bothRead();
        const value = counterValue(existing) + 1;
        return ok(
          await tx.records.put({
            collection: 'counters',
            id: 'inserted',
            data: { value },
            expectedVersion: existing?.version ?? 0,
          }),
        );
      });
    const results = await Promise.all([insertOrBump(), insertOrBump()]);
    expect(results.map((result) => result._unsafeUnwrap().version).sort()).toEqual([1, 2]);
    expect(attempts).toBe(3);
  });

  it('reports a conflict once the retry budget is spent', async () => {
    const bothRead = barrier(2);
    const increment = () =>
      storage.transaction(
        acme,
        async (tx) => {
          const counter = await tx.records.get('counters', 'exhausted');
          await bothRead();
          const value = counterValue(counter) + 1;
          return ok(
            await tx.records.put({
              collection: 'counters',
              id: 'exhausted',
              data: { value },
              expectedVersion: counter?.version ?? 0,
            }),
          );
        },
        { maxAttempts: 1 },
      );
    const results = await Promise.all([increment(), increment()]);
    expect(results.filter((result) => result.isOk())).toHaveLength(1);
    expect(results.find((result) => result.isErr())?._unsafeUnwrapErr()).toEqual({
      type: 'storage.conflict',
      attempts: 1,
    });
  });

  it('loses no update when workers increment one counter concurrently', async () => {
    const workers = 4;
    const incrementsEach = 5;
    const many = await fixture.storage({
      retry: { maxAttempts: 50, baseDelayMs: 1, maxDelayMs: 20 },
    });
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let step = 0; step < incrementsEach; step += 1) {
          const result = await many.transaction(acme, async (tx) => {
            const counter = await tx.records.get('counters', 'counter');
            const value = counterValue(counter) + 1;
            return ok(
              await tx.records.put({
                collection: 'counters',
                id: 'counter',
                data: { value },
                expectedVersion: counter?.version ?? 0,
              }),
            );
          });
          expect(result.isOk()).toBe(true);
        }
      }),
    );
    expect(await readCounter(storage, 'counter')).toBe(workers * incrementsEach);
  });
});

describe('queued transactions on pglite', () => {
  const pglite = BACKENDS[1];
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await (pglite?.open() ?? Promise.reject(new Error('no pglite backend')));
  });
  afterAll(() => fixture?.close());

  it('runs concurrent callers one after another, so none conflicts', async () => {
    const storage = await fixture.storage({ retry: { maxAttempts: 1 } });
    expect(storage.capabilities).toEqual({ concurrentTransactions: false });
    await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'counters',
          id: 'queued',
          data: { value: 0 },
          expectedVersion: 0,
        }),
      ),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        storage.transaction(acme, async (tx) => {
          const counter = await tx.records.get('counters', 'queued');
          const value = counterValue(counter) + 1;
          return ok(
            await tx.records.put({
              collection: 'counters',
              id: 'queued',
              data: { value },
              expectedVersion: counter?.version ?? 0,
            }),
          );
        }),
      ),
    );
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(await readCounter(storage, 'queued')).toBe(10);
  });
});

describe('read_committed transactions with locked reads on postgres', () => {
  const [postgres] = BACKENDS;
  let fixture: Fixture;
  let storage: Storage;
  const workers = 8;

  beforeAll(async () => {
    fixture = await (postgres?.open() ?? Promise.reject(new Error('no postgres backend')));
    storage = await fixture.storage();
  });
  afterAll(() => fixture?.close());

  // Workers start together and each locks the counter first; returns the attempts the functions
  // ran.
  async function contend(
    id: string,
    isolation: 'serializable' | 'read_committed',
  ): Promise<number> {
    await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'counters',
          id,
          data: { value: 0 },
          expectedVersion: 0,
        }),
      ),
    );
    let attempts = 0;
    await Promise.all(
      Array.from({ length: workers }, (_, worker) =>
        storage.transaction(
          acme,
          async (tx) => {
            attempts += 1;
            const [current] = await tx.records.getMany('counters', [id], { lock: true });
            await tx.records.put({
              collection: 'counters',
              id,
              data: { value: counterValue(current) + 1 },
              expectedVersion: current?.version ?? 0,
            });
            await tx.records.put({
              collection: 'counter_lines',
              id: `${id}-${worker}`,
              data: {},
              expectedVersion: 0,
            });
            return ok(undefined);
          },
          { isolation, maxAttempts: 100 },
        ),
      ),
    );
    expect(await readCounter(storage, id)).toBe(workers);
    return attempts;
  }

  it('queues writers of a hot record on its lock: each runs once, none is lost', async () => {
    expect(await contend('rc-hot', 'read_committed')).toBe(workers);
  });

  it('where SERIALIZABLE aborts and re-runs them', async () => {
    expect(await contend('serializable-hot', 'serializable')).toBeGreaterThan(workers);
  });
});
