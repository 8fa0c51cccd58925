import {
  AssertionFailure,
  type EventEnvelope,
  type JsonObject,
  ok,
  type Storage,
  type StorageTransaction,
  typeIdGenerator,
} from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PendingInserts } from '../src/pending-inserts.js';
import { PendingUpdates } from '../src/pending-updates.js';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';
import { recordStatements } from './support/record-statements.js';

const acme = tenant('acme');

function outboxEvent(type: string): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId: acme,
    type,
    schemaVersion: 1,
    payload: {},
    occurredAt: new Date('2026-01-02T03:04:05.678Z'),
    correlationId: null,
    causationId: null,
    streamId: null,
    streamVersion: null,
    actor: null,
  };
}

async function seed(storage: Storage, collection: string, ids: readonly string[]): Promise<void> {
  const seeded = await storage.transaction(acme, async (tx) => {
    for (const id of ids)
      await tx.records.put({ collection, id, data: { n: 1 }, expectedVersion: 0 });
    return ok(null);
  });
  seeded._unsafeUnwrap();
}

// Moves a record on by one version in a transaction of its own, so an attempt that still expects
// the old version is stale.
async function bump(storage: Storage, collection: string, id: string, from: number): Promise<void> {
  const bumped = await storage.transaction(acme, async (tx) =>
    ok(await tx.records.put({ collection, id, data: { n: from + 1 }, expectedVersion: from })),
  );
  bumped._unsafeUnwrap();
}

async function read(
  storage: Storage,
  collection: string,
  ids: readonly string[],
): Promise<({ data: JsonObject; version: number } | null)[]> {
  const records = await storage.transaction(acme, async (tx) =>
    ok(await tx.records.getMany(collection, ids)),
  );
  return records
    ._unsafeUnwrap()
    .map((record) =>
      record === undefined ? null : { data: record.data, version: record.version },
    );
}

const update = (tx: StorageTransaction, collection: string, id: string, expectedVersion: number) =>
  tx.records.put({ collection, id, data: { n: expectedVersion + 1 }, expectedVersion });

describe.each(BACKENDS)('held-back updates on $name', (backend) => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await backend.open();
  });
  afterAll(() => fixture?.close());

  it('sends every update and insert of an attempt, with its outbox appends, as one statement and nothing else', async () => {
    const statements: string[] = [];
    const storage = await fixture.recordingStorage(statements);
    await seed(storage, 'batch', ['a', 'b', 'c']);
    statements.length = 0;
    const result = await storage.transaction(
      acme,
      async (tx) => {
        const locked = await tx.records.getMany('batch', ['c', 'a', 'b'], { lock: true });
        const versions: number[] = [];
        for (const record of locked) {
          if (record === undefined) return ok(versions);
          const written = await tx.records.put({
            collection: 'batch',
            id: record.id,
            data: { n: 2, id: record.id },
            expectedVersion: record.version,
          });
          versions.push(written.version);
        }
        await tx.records.put({ collection: 'batch', id: 'line', data: {}, expectedVersion: 0 });
        await tx.outbox.append([outboxEvent('batch.updated')]);
        return ok(versions);
      },
      { isolation: 'read_committed' },
    );
    expect(result._unsafeUnwrap()).toEqual([2, 2, 2]);
    expect(recordStatements(statements)).toEqual(['select', 'with']);
    const written = statements.find((text) => text.startsWith('with')) ?? '';
    for (const part of [
      'update',
      'insert into "strongroom_records"',
      'insert into "strongroom_outbox"',
    ])
      expect(written).toContain(part);
    // On the server COMMIT follows that statement at once: no statement per row or per table.
    if (backend.name === 'postgres') expect(statements.at(-1)).toBe('commit');
    expect(await read(storage, 'batch', ['a', 'b', 'c', 'line'])).toEqual([
      { data: { n: 2, id: 'a' }, version: 2 },
      { data: { n: 2, id: 'b' }, version: 2 },
      { data: { n: 2, id: 'c' }, version: 2 },
      { data: {}, version: 1 },
    ]);
  });

  it('keeps held-back writes waiting across a read of other rows, and sends them with the later ones', async () => {
    const statements: string[] = [];
    const storage = await fixture.recordingStorage(statements);
    await seed(storage, 'waiting', ['a', 'b']);
    statements.length = 0;
    const result = await storage.transaction(acme, async (tx) => {
      await update(tx, 'waiting', 'a', 1);
      const other = await tx.records.get('waiting', 'b');
      await tx.records.put({ collection: 'waiting', id: 'c', data: { n: 1 }, expectedVersion: 0 });
      // A read of a row the attempt wrote sends what waits, so it sees its own write.
      const own = await tx.records.get('waiting', 'a');
      return ok([other?.version, own?.version]);
    });
    expect(result._unsafeUnwrap()).toEqual([1, 2]);
    expect(recordStatements(statements)).toEqual(['select', 'with', 'select']);
  });

  it('fails at COMMIT on a stale update that no later read touched', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'late', ['l1', 'l2']);
    await bump(storage, 'late', 'l1', 1);
    const attempt = await storage.transaction(
      acme,
      async (tx) => {
        await update(tx, 'late', 'l1', 1);
        return ok(await tx.records.get('late', 'l2'));
      },
      { isolation: 'serializable', maxAttempts: 1 },
    );
    expect(attempt._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'l1',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(await read(storage, 'late', ['l1', 'l2'])).toEqual([
      { data: { n: 2 }, version: 2 },
      { data: { n: 1 }, version: 1 },
    ]);
  });

  it('fails a SERIALIZABLE attempt on a stale update at the next statement, even if the function catches', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'stale', ['s1', 's2']);
    await bump(storage, 'stale', 's2', 1);
    let runs = 0;
    let answered: number | undefined;
    let caught: unknown;
    const attempt = await storage.transaction(acme, async (tx) => {
      runs += 1;
      await tx.records.put({ collection: 'stale', id: 'new', data: {}, expectedVersion: 0 });
      await update(tx, 'stale', 's1', 1);
      // The same answer as today, only later: the put itself cannot know yet.
      answered = (await update(tx, 'stale', 's2', 1)).version;
      try {
        await tx.records.get('stale', 's1');
      } catch (error) {
        caught = error;
      }
      return ok('committed anyway?');
    });
    expect(answered).toBe(2);
    expect(caught).toBeDefined();
    expect(runs).toBe(1);
    expect(attempt._unsafeUnwrapErr()).toEqual({
      type: 'storage.version_mismatch',
      collection: 'stale',
      id: 's2',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(await read(storage, 'stale', ['s1', 's2', 'new'])).toEqual([
      { data: { n: 1 }, version: 1 },
      { data: { n: 2 }, version: 2 },
      null,
    ]);
  });

  it('reports a stale update found at COMMIT as a version mismatch under SERIALIZABLE', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'stale_commit', ['k']);
    await bump(storage, 'stale_commit', 'k', 1);
    const attempt = await storage.transaction(acme, async (tx) =>
      ok(await update(tx, 'stale_commit', 'k', 1)),
    );
    expect(attempt._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'k',
      expectedVersion: 1,
      actualVersion: 2,
    });
  });

  it('reports a stale update as a conflict under READ COMMITTED, at the next statement and at COMMIT', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'stale_rc', ['k', 'other']);
    await bump(storage, 'stale_rc', 'k', 1);
    let runs = 0;
    const atStatement = await storage.transaction(
      acme,
      async (tx) => {
        runs += 1;
        await update(tx, 'stale_rc', 'other', 1);
        await update(tx, 'stale_rc', 'k', 1);
        return ok(await tx.records.list('stale_rc', { limit: 10 }));
      },
      { isolation: 'read_committed', maxAttempts: 2 },
    );
    expect(atStatement._unsafeUnwrapErr()).toMatchObject({ type: 'storage.conflict' });
    // A conflict runs the function again: it cannot be told from a concurrent commit.
    expect(runs).toBe(2);
    const atCommit = await storage.transaction(
      acme,
      async (tx) => ok(await update(tx, 'stale_rc', 'k', 1)),
      { isolation: 'read_committed', maxAttempts: 1 },
    );
    expect(atCommit._unsafeUnwrapErr()).toMatchObject({ type: 'storage.conflict' });
    expect(await read(storage, 'stale_rc', ['k', 'other'])).toEqual([
      { data: { n: 2 }, version: 2 },
      { data: { n: 1 }, version: 1 },
    ]);
  });

  it('lets get, getMany and list of the same attempt read a held-back update', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'own', ['r1', 'r2']);
    const body = {
      text: 'quote \' and "double", ünïcode ✓',
      big: '900719925474099312345',
      nested: [{ a: null }],
    };
    const seen = await storage.transaction(acme, async (tx) => {
      const written = await tx.records.put({
        collection: 'own',
        id: 'r1',
        data: body,
        expectedVersion: 1,
      });
      const got = await tx.records.get('own', 'r1');
      const many = await tx.records.getMany('own', ['r2', 'r1'], { lock: true });
      const listed = await tx.records.list('own', { limit: 5 });
      return ok({ written, got, many, listed: listed.items });
    });
    const expected = { collection: 'own', id: 'r1', data: body, version: 2 };
    const untouched = { collection: 'own', id: 'r2', data: { n: 1 }, version: 1 };
    expect(seen._unsafeUnwrap()).toEqual({
      written: expected,
      got: expected,
      many: [untouched, expected],
      listed: [expected, untouched],
    });
    expect(await read(storage, 'own', ['r1'])).toEqual([{ data: body, version: 2 }]);
  });

  it('merges two updates of one record into one row of the statement, checked against the first version', async () => {
    const statements: string[] = [];
    const storage = await fixture.recordingStorage(statements);
    await seed(storage, 'twice', ['t']);
    statements.length = 0;
    const twice = await storage.transaction(acme, async (tx) => {
      const second = await tx.records.put({
        collection: 'twice',
        id: 't',
        data: { n: 2 },
        expectedVersion: 1,
      });
      const third = await tx.records.put({
        collection: 'twice',
        id: 't',
        data: { n: 3 },
        expectedVersion: 2,
      });
      return ok([second.version, third.version]);
    });
    expect(twice._unsafeUnwrap()).toEqual([2, 3]);
    expect(recordStatements(statements)).toEqual(['update']);
    expect(await read(storage, 'twice', ['t'])).toEqual([{ data: { n: 3 }, version: 3 }]);

    // Stale from the start: the merged update still expects version 3 and finds 4.
    await bump(storage, 'twice', 't', 3);
    const stale = await storage.transaction(acme, async (tx) => {
      await update(tx, 'twice', 't', 3);
      return ok(await update(tx, 'twice', 't', 4));
    });
    expect(stale._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 3,
      actualVersion: 4,
    });
    expect(await read(storage, 'twice', ['t'])).toEqual([{ data: { n: 4 }, version: 4 }]);
  });

  it('refuses at once a second update that does not expect the held-back version, as the database would', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'twice_wrong', ['t']);
    const failures: unknown[] = [];
    for (const isolation of ['serializable', 'read_committed'] as const) {
      const attempt = await storage.transaction(
        acme,
        async (tx) => {
          const first = await update(tx, 'twice_wrong', 't', failures.length + 1);
          try {
            await update(tx, 'twice_wrong', 't', first.version - 1);
          } catch (error) {
            failures.push(error);
          }
          // The first update stands: a refused put writes nothing and does not end the attempt.
          return ok(first.version);
        },
        { isolation },
      );
      expect(attempt._unsafeUnwrap()).toBe(failures.length + 1);
    }
    expect(failures.map((failure) => (failure as { error: unknown }).error)).toEqual([
      {
        type: 'storage.version_mismatch',
        collection: 'twice_wrong',
        id: 't',
        expectedVersion: 1,
        actualVersion: 2,
      },
      { type: 'storage.conflict', attempts: 0 },
    ]);
    expect(await read(storage, 'twice_wrong', ['t'])).toEqual([{ data: { n: 3 }, version: 3 }]);
  });

  it('updates then deletes a record at its new version, and fails on a delete at the old one', async () => {
    const statements: string[] = [];
    const storage = await fixture.recordingStorage(statements);
    await seed(storage, 'update_delete', ['ok', 'stale']);
    statements.length = 0;
    const deleted = await storage.transaction(acme, async (tx) => {
      const written = await update(tx, 'update_delete', 'ok', 1);
      await tx.records.delete({
        collection: 'update_delete',
        id: 'ok',
        expectedVersion: written.version,
      });
      return ok(await tx.records.get('update_delete', 'ok'));
    });
    expect(deleted._unsafeUnwrap()).toBeUndefined();
    expect(recordStatements(statements)).toEqual(['update', 'delete', 'select']);
    const stale = await storage.transaction(acme, async (tx) => {
      await update(tx, 'update_delete', 'stale', 1);
      return ok(
        await tx.records.delete({ collection: 'update_delete', id: 'stale', expectedVersion: 1 }),
      );
    });
    expect(stale._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'stale',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(await read(storage, 'update_delete', ['ok', 'stale'])).toEqual([
      null,
      { data: { n: 1 }, version: 1 },
    ]);
  });

  it('folds updates of a row inserted in the same attempt into its insert', async () => {
    const statements: string[] = [];
    const storage = await fixture.recordingStorage(statements);
    const inserted = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'fresh', id: 'f', data: { n: 1 }, expectedVersion: 0 });
      await update(tx, 'fresh', 'f', 1);
      const third = await update(tx, 'fresh', 'f', 2);
      return ok(third.version);
    });
    expect(inserted._unsafeUnwrap()).toBe(3);
    expect(recordStatements(statements)).toEqual(['insert']);
    expect(await read(storage, 'fresh', ['f'])).toEqual([{ data: { n: 3 }, version: 3 }]);

    const wrong = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'fresh', id: 'g', data: {}, expectedVersion: 0 });
      return ok(await update(tx, 'fresh', 'g', 2));
    });
    expect(wrong._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'g',
      expectedVersion: 2,
      actualVersion: 1,
    });
    // Deleting it at the version the updates reached leaves nothing; at the inserted one, a mismatch.
    const gone = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'fresh', id: 'h', data: {}, expectedVersion: 0 });
      await update(tx, 'fresh', 'h', 1);
      await tx.records.delete({ collection: 'fresh', id: 'h', expectedVersion: 2 });
      return ok(await tx.records.get('fresh', 'h'));
    });
    expect(gone._unsafeUnwrap()).toBeUndefined();
    const early = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'fresh', id: 'i', data: {}, expectedVersion: 0 });
      await update(tx, 'fresh', 'i', 1);
      return ok(await tx.records.delete({ collection: 'fresh', id: 'i', expectedVersion: 1 }));
    });
    expect(early._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 1,
      actualVersion: 2,
    });
    expect(await read(storage, 'fresh', ['g', 'h', 'i'])).toEqual([null, null, null]);
  });

  it('refuses an update after a delete, and updates a row deleted and created again', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'after_delete', ['gone', 'again']);
    const gone = await storage.transaction(acme, async (tx) => {
      await tx.records.delete({ collection: 'after_delete', id: 'gone', expectedVersion: 1 });
      return ok(await update(tx, 'after_delete', 'gone', 1));
    });
    expect(gone._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'gone',
      expectedVersion: 1,
      actualVersion: 0,
    });
    const again = await storage.transaction(acme, async (tx) => {
      await tx.records.delete({ collection: 'after_delete', id: 'again', expectedVersion: 1 });
      await tx.records.put({
        collection: 'after_delete',
        id: 'again',
        data: { n: 1 },
        expectedVersion: 0,
      });
      return ok((await update(tx, 'after_delete', 'again', 1)).version);
    });
    expect(again._unsafeUnwrap()).toBe(2);
    expect(await read(storage, 'after_delete', ['gone', 'again'])).toEqual([
      { data: { n: 1 }, version: 1 },
      { data: { n: 2 }, version: 2 },
    ]);
  });

  it('refuses an insert of a record the attempt has updated, with the version it reached', async () => {
    const storage = await fixture.storage();
    await seed(storage, 'update_insert', ['u']);
    const attempt = await storage.transaction(acme, async (tx) => {
      await update(tx, 'update_insert', 'u', 1);
      return ok(
        await tx.records.put({
          collection: 'update_insert',
          id: 'u',
          data: {},
          expectedVersion: 0,
        }),
      );
    });
    expect(attempt._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 0,
      actualVersion: 2,
    });
    expect(await read(storage, 'update_insert', ['u'])).toEqual([{ data: { n: 1 }, version: 1 }]);
  });

  it('charges the write budget per record, however often the attempt rewrites it', async () => {
    await seed(await fixture.storage(), 'budget', ['b1', 'b2', 'b3']);
    const storage = await fixture.storage({ limits: { writesPerTransaction: 2 } });
    const within = await storage.transaction(acme, async (tx) => {
      for (let version = 1; version <= 3; version += 1) await update(tx, 'budget', 'b1', version);
      return ok((await update(tx, 'budget', 'b2', 1)).version);
    });
    expect(within._unsafeUnwrap()).toBe(2);
    const over = await storage.transaction(acme, async (tx) => {
      await update(tx, 'budget', 'b1', 4);
      await update(tx, 'budget', 'b2', 2);
      return ok(await update(tx, 'budget', 'b3', 1));
    });
    expect(over._unsafeUnwrapErr()).toMatchObject({ type: 'storage.limit_exceeded' });
    expect(await read(storage, 'budget', ['b1', 'b2', 'b3'])).toEqual([
      { data: { n: 4 }, version: 4 },
      { data: { n: 2 }, version: 2 },
      { data: { n: 1 }, version: 1 },
    ]);
  });
});

describe('folding puts into held-back writes', () => {
  it('folds a put into a waiting update, keeping its expected version and queue place', () => {
    const updates = new PendingUpdates();
    expect(updates.add({ collection: 'c', id: 'x', json: '{}', expectedVersion: 4 })).toBe(5);
    expect(updates.add({ collection: 'c', id: 'y', json: '{}', expectedVersion: 1 })).toBe(2);
    expect(updates.add({ collection: 'c', id: 'x', json: '{"n":6}', expectedVersion: 5 })).toBe(6);
    expect([
      updates.version('c', 'x'),
      updates.version('c', 'y'),
      updates.version('c', 'z'),
    ]).toEqual([6, 2, undefined]);
  });

  it('treats folding a put that expects another version, or into no insert, as a programmer error', () => {
    const updates = new PendingUpdates();
    updates.add({ collection: 'c', id: 'x', json: '{}', expectedVersion: 4 });
    expect(() => updates.add({ collection: 'c', id: 'x', json: '{}', expectedVersion: 4 })).toThrow(
      AssertionFailure,
    );
    expect(updates.version('c', 'x')).toBe(5);
    const inserts = new PendingInserts();
    expect(() => inserts.rewrite('c', 'x', '{}')).toThrow(AssertionFailure);
    inserts.add({ collection: 'c', id: 'x', json: '{}' });
    expect([inserts.rewrite('c', 'x', '{"n":2}'), inserts.version('c', 'x')]).toEqual([2, 2]);
  });
});
