import { ok, type Storage } from '@strongroom/kernel';
import { StorageFailure } from '@strongroom/kernel/adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDS_TABLE } from '../src/index.js';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';
import { recordStatements } from './support/record-statements.js';
import { seedRecords } from './support/seed-records.js';

const acme = tenant('acme');

describe.each(BACKENDS)('reads asked for in one tick, on $name', (backend) => {
  let fixture: Fixture;
  const statements: string[] = [];
  let storage: Storage;

  beforeAll(async () => {
    fixture = await backend.open();
    storage = await fixture.recordingStorage(statements);
  });
  afterAll(() => fixture?.close());

  it('go out as one statement, in the order asked, each answered as if alone', async () => {
    await seedRecords(storage, acme, 'movements', ['m1', 'm2']);
    await seedRecords(storage, acme, 'balances', ['b1', 'b2']);
    statements.length = 0;
    const result = await storage.transaction(
      acme,
      async (tx) => {
        const [movements, balances] = await Promise.all([
          tx.records.getMany('movements', ['m2', 'missing', 'm1']),
          tx.records.getMany('balances', ['b2', 'b1'], { lock: true }),
        ]);
        // The locked rows are held: reading them again needs no statement.
        const again = await tx.records.getMany('balances', ['b1']);
        return ok({
          movements: movements.map((record) => record?.id),
          balances: balances.map((record) => record && [record.id, record.version]),
          again: again.map((record) => record?.data),
        });
      },
      { isolation: 'read_committed' },
    );
    expect(result._unsafeUnwrap()).toEqual({
      movements: ['m2', undefined, 'm1'],
      balances: [
        ['b2', 1],
        ['b1', 1],
      ],
      again: [{ n: 1, id: 'b1' }],
    });
    expect(recordStatements(statements)).toEqual(['select']);
    const [read] = statements.filter((text) => text.includes(RECORDS_TABLE));
    // The unlocked read first, then the locking one, as the attempt asked for them.
    expect(read?.indexOf('for update')).toBeGreaterThan(read?.indexOf('union all') ?? -1);
  });

  it('include single-record reads', async () => {
    statements.length = 0;
    const result = await storage.transaction(acme, async (tx) => {
      const [movement, missing, balances] = await Promise.all([
        tx.records.get('movements', 'm1'),
        tx.records.get('movements', 'missing'),
        tx.records.getMany('balances', ['b1']),
      ]);
      return ok([movement?.id, missing, balances.map((record) => record?.id)]);
    });
    expect(result._unsafeUnwrap()).toEqual(['m1', undefined, ['b1']]);
    expect(recordStatements(statements)).toEqual(['select']);
  });

  it('send one statement each when the next is asked for after the first is answered', async () => {
    statements.length = 0;
    await storage.transaction(acme, async (tx) => {
      await tx.records.getMany('movements', ['m1']);
      await tx.records.getMany('balances', ['b1']);
      return ok(null);
    });
    expect(recordStatements(statements)).toEqual(['select', 'select']);
  });

  it('send the held-back writes one of them must see first, and see them', async () => {
    statements.length = 0;
    const result = await storage.transaction(acme, async (tx) => {
      await tx.records.put({
        collection: 'movements',
        id: 'm3',
        data: { n: 3 },
        expectedVersion: 0,
      });
      const [movements, balances] = await Promise.all([
        tx.records.getMany('movements', ['m3']),
        tx.records.getMany('balances', ['b2']),
      ]);
      return ok([movements[0]?.data, balances[0]?.id]);
    });
    expect(result._unsafeUnwrap()).toEqual([{ n: 3 }, 'b2']);
    expect(recordStatements(statements)).toEqual(['insert', 'select']);
  });

  it('fail together with the held-back write sent before them, and the attempt with them', async () => {
    statements.length = 0;
    const outcomes: string[] = [];
    const result = await storage.transaction(acme, async (tx) => {
      // m1 exists: the held-back insert is refused when the reads send it.
      await tx.records.put({
        collection: 'movements',
        id: 'm1',
        data: { n: 9 },
        expectedVersion: 0,
      });
      const reads = await Promise.allSettled([
        tx.records.getMany('movements', ['m1']),
        tx.records.getMany('balances', ['b1'], { lock: true }),
      ]);
      for (const read of reads)
        outcomes.push(
          read.status === 'rejected' && read.reason instanceof StorageFailure
            ? read.reason.error.type
            : 'answered',
        );
      return ok(null);
    });
    expect(outcomes).toEqual(['storage.version_mismatch', 'storage.version_mismatch']);
    expect(result.isErr() && result.error.type).toBe('storage.version_mismatch');
    expect(recordStatements(statements)).toEqual(['insert', 'select']);
  });
});
