import { ok, type Storage } from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDS_TABLE } from '../src/index.js';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';
import { recordStatements } from './support/record-statements.js';
import { seedRecords } from './support/seed-records.js';

const acme = tenant('acme');

async function committed(storage: Storage, collection: string, id: string) {
  const read = await storage.transaction(acme, async (tx) =>
    ok(await tx.records.get(collection, id)),
  );
  const record = read._unsafeUnwrap();
  return record === undefined ? null : { data: record.data, version: record.version };
}

describe.each(BACKENDS)('rows an attempt holds locked, on $name', (backend) => {
  let fixture: Fixture;
  const statements: string[] = [];
  let storage: Storage;

  beforeAll(async () => {
    fixture = await backend.open();
    storage = await fixture.recordingStorage(statements);
  });
  afterAll(() => fixture?.close());

  it('answers a second read of a locked row without a statement, each read with its own copy', async () => {
    await seedRecords(storage, acme, 'again', ['a', 'b']);
    statements.length = 0;
    const result = await storage.transaction(
      acme,
      async (tx) => {
        const [first] = await tx.records.getMany('again', ['a', 'b'], { lock: true });
        // Records are read-only by type; a caller that casts that away still changes only its copy.
        if (first !== undefined) (first.data as Record<string, unknown>)['n'] = 99;
        const single = await tx.records.get('again', 'a');
        const reordered = await tx.records.getMany('again', ['b', 'a', 'b']);
        const relocked = await tx.records.getMany('again', ['a'], { lock: true });
        return ok({ single, ids: reordered.map((record) => record?.id), relocked });
      },
      { isolation: 'read_committed' },
    );
    const { single, ids, relocked } = result._unsafeUnwrap();
    expect(single).toEqual({ collection: 'again', id: 'a', data: { n: 1, id: 'a' }, version: 1 });
    expect(ids).toEqual(['b', 'a', 'b']);
    expect(relocked).toEqual([single]);
    expect(recordStatements(statements)).toEqual(['select']);
  });

  it('sees its own writes to a locked row without sending them, and sends them once at commit', async () => {
    await seedRecords(storage, acme, 'own', ['a']);
    statements.length = 0;
    const result = await storage.transaction(
      acme,
      async (tx) => {
        await tx.records.getMany('own', ['a'], { lock: true });
        await tx.records.put({ collection: 'own', id: 'a', data: { n: 2 }, expectedVersion: 1 });
        const afterOne = await tx.records.get('own', 'a');
        await tx.records.put({ collection: 'own', id: 'a', data: { n: 3 }, expectedVersion: 2 });
        const [afterTwo] = await tx.records.getMany('own', ['a'], { lock: true });
        return ok([afterOne?.data, afterOne?.version, afterTwo?.data, afterTwo?.version]);
      },
      { isolation: 'read_committed' },
    );
    expect(result._unsafeUnwrap()).toEqual([{ n: 2 }, 2, { n: 3 }, 3]);
    expect(recordStatements(statements)).toEqual(['select', 'update']);
    expect(await committed(storage, 'own', 'a')).toEqual({ data: { n: 3 }, version: 3 });
  });

  it('asks the database only for the rows it does not hold, and leaves held writes waiting', async () => {
    await seedRecords(storage, acme, 'mixed', ['a', 'b', 'c']);
    statements.length = 0;
    const result = await storage.transaction(acme, async (tx) => {
      await tx.records.getMany('mixed', ['a'], { lock: true });
      await tx.records.put({ collection: 'mixed', id: 'a', data: { n: 2 }, expectedVersion: 1 });
      const records = await tx.records.getMany('mixed', ['c', 'a', 'missing', 'b']);
      return ok(records.map((record) => record && [record.id, record.version]));
    });
    expect(result._unsafeUnwrap()).toEqual([['c', 1], ['a', 2], undefined, ['b', 1]]);
    // The read of b and c did not send the update of a: it went out at commit.
    expect(recordStatements(statements)).toEqual(['select', 'select', 'update']);
    expect(statements.filter((text) => text.includes(RECORDS_TABLE))[1]).not.toContain('"a"');
  });

  it('holds a key a locked read found no row for: reads of it and its insert wait for commit', async () => {
    statements.length = 0;
    const result = await storage.transaction(
      acme,
      async (tx) => {
        const [missing] = await tx.records.getMany('absent', ['a'], { lock: true });
        const [again] = await tx.records.getMany('absent', ['a'], { lock: true });
        await tx.records.put({ collection: 'absent', id: 'a', data: { n: 1 }, expectedVersion: 0 });
        const inserted = await tx.records.get('absent', 'a');
        return ok([missing, again, inserted?.data, inserted?.version]);
      },
      { isolation: 'read_committed' },
    );
    expect(result._unsafeUnwrap()).toEqual([undefined, undefined, { n: 1 }, 1]);
    expect(recordStatements(statements)).toEqual(['select', 'insert']);
    expect(await committed(storage, 'absent', 'a')).toEqual({ data: { n: 1 }, version: 1 });
  });

  it.runIf(backend.name === 'postgres')(
    'runs the attempt again when another transaction inserts a key it holds as absent',
    async () => {
      let attempts = 0;
      const result = await storage.transaction(
        acme,
        async (tx) => {
          attempts += 1;
          const [window] = await tx.records.getMany('raced', ['a'], { lock: true });
          // Another transaction inserts and commits the row after this one found none.
          if (attempts === 1)
            await fixture.transaction(async (query) => {
              await query(
                `insert into ${RECORDS_TABLE} (tenant_id, collection, id, data, version)
                  values ($1, 'raced', 'a', '{"n": 1}', 1)`,
                [acme],
              );
            }, 'commit');
          const points = window === undefined ? 1 : Number(window.data['n']) + 1;
          await tx.records.put({
            collection: 'raced',
            id: 'a',
            data: { n: points },
            expectedVersion: window?.version ?? 0,
          });
          return ok(points);
        },
        { isolation: 'read_committed' },
      );
      expect(result._unsafeUnwrap()).toBe(2);
      expect(attempts).toBe(2);
      expect(await committed(storage, 'raced', 'a')).toEqual({ data: { n: 2 }, version: 2 });
    },
  );

  it('reads a deleted row from the database again, which finds none', async () => {
    await seedRecords(storage, acme, 'gone', ['a']);
    statements.length = 0;
    const result = await storage.transaction(acme, async (tx) => {
      await tx.records.getMany('gone', ['a'], { lock: true });
      await tx.records.delete({ collection: 'gone', id: 'a', expectedVersion: 1 });
      return ok(await tx.records.get('gone', 'a'));
    });
    expect(result._unsafeUnwrap()).toBeUndefined();
    expect(recordStatements(statements)).toEqual(['select', 'delete', 'select']);
    expect(await committed(storage, 'gone', 'a')).toBeNull();
  });

  it('still refuses a put of a locked row at another version, and writes nothing', async () => {
    await seedRecords(storage, acme, 'stale', ['a']);
    const attempt = await storage.transaction(
      acme,
      async (tx) => {
        await tx.records.getMany('stale', ['a'], { lock: true });
        await tx.records.put({ collection: 'stale', id: 'a', data: { n: 9 }, expectedVersion: 5 });
        // The row is no longer answered from what the lock returned: the read goes to the
        // database, which sends the stale update first.
        return ok(await tx.records.get('stale', 'a'));
      },
      { isolation: 'serializable', maxAttempts: 1 },
    );
    expect(attempt._unsafeUnwrapErr()).toEqual({
      type: 'storage.version_mismatch',
      collection: 'stale',
      id: 'a',
      expectedVersion: 5,
      actualVersion: 1,
    });
    expect(await committed(storage, 'stale', 'a')).toEqual({ data: { n: 1, id: 'a' }, version: 1 });
  });

  it('answers nothing more, not even a locked row, after a statement failed', async () => {
    await seedRecords(storage, acme, 'failed', ['a', 'b']);
    let lockedAfterFailure: unknown;
    const attempt = await storage.transaction(
      acme,
      async (tx) => {
        await tx.records.getMany('failed', ['a'], { lock: true });
        await tx.records.put({ collection: 'failed', id: 'b', data: {}, expectedVersion: 7 });
        await tx.records.get('failed', 'b').catch(() => undefined);
        lockedAfterFailure = await tx.records.get('failed', 'a').catch((error: unknown) => error);
        return ok('committed anyway?');
      },
      { isolation: 'serializable', maxAttempts: 1 },
    );
    expect(attempt._unsafeUnwrapErr()).toMatchObject({ type: 'storage.version_mismatch', id: 'b' });
    expect(lockedAfterFailure).toBeInstanceOf(Error);
    expect(lockedAfterFailure).toMatchObject({ error: { type: 'storage.version_mismatch' } });
  });
});
