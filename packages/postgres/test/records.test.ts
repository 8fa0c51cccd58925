import {
  AssertionFailure,
  type EventEnvelope,
  err,
  ok,
  type StorageTransaction,
  typeIdGenerator,
} from '@strongroom/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';

function event(tenantId: StorageTransaction['tenantId'], type: string): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type,
    schemaVersion: 1,
    payload: { amount: '1.10' },
    occurredAt: new Date('2026-01-02T03:04:05.678Z'),
    correlationId: 'req_1',
    causationId: null,
    streamId: null,
    streamVersion: null,
    actor: null,
  };
}

describe.each(BACKENDS)('records and outbox on $name', (backend) => {
  let fixture: Fixture;
  const acme = tenant('acme');

  beforeAll(async () => {
    fixture = await backend.open();
  });
  afterAll(() => fixture?.close());

  it('sends held-back inserts before the next statement, and fails the attempt on an existing row even if the function catches', async () => {
    const storage = await fixture.storage();
    await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'held',
          id: 'taken',
          data: { n: 1 },
          expectedVersion: 0,
        }),
      ),
    );
    let caught: unknown;
    const attempt = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'held', id: 'fresh', data: { n: 1 }, expectedVersion: 0 });
      await tx.records.put({ collection: 'held', id: 'taken', data: { n: 2 }, expectedVersion: 0 });
      try {
        // The next statement sends both inserts; the existing row surfaces here.
        await tx.records.get('held', 'fresh');
      } catch (error) {
        caught = error;
      }
      return ok('committed anyway?');
    });
    expect(caught).toBeDefined();
    expect(attempt._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'taken',
      expectedVersion: 0,
      actualVersion: 1,
    });
    const after = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.getMany('held', ['fresh', 'taken'])),
    );
    expect(after._unsafeUnwrap().map((record) => record?.data ?? null)).toEqual([null, { n: 1 }]);
  });

  it('sends held-back deletes in one statement and fails the attempt on a stale one even if the function catches', async () => {
    const storage = await fixture.storage();
    await storage.transaction(acme, async (tx) => {
      for (const id of ['d1', 'd2', 'd3'])
        await tx.records.put({ collection: 'gone', id, data: {}, expectedVersion: 0 });
      return ok(null);
    });
    let caught: unknown;
    const attempt = await storage.transaction(acme, async (tx) => {
      await tx.records.delete({ collection: 'gone', id: 'd1', expectedVersion: 1 });
      await tx.records.delete({ collection: 'gone', id: 'd2', expectedVersion: 5 });
      try {
        // A listing of the collection must see the deletes, so it sends them and meets the stale one.
        await tx.records.list('gone', { limit: 10 });
      } catch (error) {
        caught = error;
      }
      return ok('committed anyway?');
    });
    expect(caught).toBeDefined();
    expect(attempt._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      id: 'd2',
      expectedVersion: 5,
      actualVersion: 1,
    });
    const left = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.getMany('gone', ['d1', 'd2', 'd3'])),
    );
    expect(left._unsafeUnwrap().map((record) => record?.version ?? 0)).toEqual([1, 1, 1]);
  });

  it('orders held-back deletes and inserts of one key as the transaction made them', async () => {
    const storage = await fixture.storage();
    await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({ collection: 'cycle', id: 'k', data: { n: 1 }, expectedVersion: 0 }),
      ),
    );
    const recreated = await storage.transaction(acme, async (tx) => {
      await tx.records.delete({ collection: 'cycle', id: 'k', expectedVersion: 1 });
      await tx.records.put({ collection: 'cycle', id: 'k', data: { n: 2 }, expectedVersion: 0 });
      await tx.records.put({ collection: 'cycle', id: 'fleeting', data: {}, expectedVersion: 0 });
      await tx.records.delete({ collection: 'cycle', id: 'fleeting', expectedVersion: 1 });
      return ok(await tx.records.getMany('cycle', ['k', 'fleeting']));
    });
    expect(recreated._unsafeUnwrap().map((record) => record?.data ?? null)).toEqual([
      { n: 2 },
      null,
    ]);
    const wrong = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'cycle', id: 'own', data: {}, expectedVersion: 0 });
      return ok(await tx.records.delete({ collection: 'cycle', id: 'own', expectedVersion: 2 }));
    });
    expect(wrong._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 2,
      actualVersion: 1,
    });
  });

  it('refuses a second insert of a key the transaction is still holding back', async () => {
    const storage = await fixture.storage();
    const twice = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'held', id: 'twice', data: {}, expectedVersion: 0 });
      return ok(
        await tx.records.put({ collection: 'held', id: 'twice', data: {}, expectedVersion: 0 }),
      );
    });
    expect(twice._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      expectedVersion: 0,
      actualVersion: 1,
    });
  });

  it('inserts at version 1 and refuses a second insert with the actual version', async () => {
    const storage = await fixture.storage();
    const put = await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'accounts',
          id: 'acc_1',
          data: { n: 1 },
          expectedVersion: 0,
        }),
      ),
    );
    expect(put._unsafeUnwrap()).toEqual({
      collection: 'accounts',
      id: 'acc_1',
      data: { n: 1 },
      version: 1,
    });

    const again = await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'accounts',
          id: 'acc_1',
          data: { n: 2 },
          expectedVersion: 0,
        }),
      ),
    );
    expect(again._unsafeUnwrapErr()).toEqual({
      type: 'storage.version_mismatch',
      collection: 'accounts',
      id: 'acc_1',
      expectedVersion: 0,
      actualVersion: 1,
    });
  });

  it('updates on the expected version and reports a stale one with the actual version', async () => {
    const storage = await fixture.storage();
    const key = { collection: 'accounts', id: 'acc_2' };
    await storage.transaction(acme, async (tx) => {
      await tx.records.put({ ...key, data: { n: 1 }, expectedVersion: 0 });
      const second = await tx.records.put({ ...key, data: { n: 2 }, expectedVersion: 1 });
      return ok(second.version);
    });
    const stale = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.put({ ...key, data: { n: 3 }, expectedVersion: 1 })),
    );
    expect(stale._unsafeUnwrapErr()).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    const missing = await storage.transaction(acme, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'accounts',
          id: 'acc_none',
          data: {},
          expectedVersion: 4,
        }),
      ),
    );
    expect(missing._unsafeUnwrapErr()).toMatchObject({ expectedVersion: 4, actualVersion: 0 });
    const read = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.get('accounts', 'acc_2')),
    );
    expect(read._unsafeUnwrap()).toEqual({ ...key, data: { n: 2 }, version: 2 });
  });

  it('deletes on the expected version only', async () => {
    const storage = await fixture.storage();
    const key = { collection: 'accounts', id: 'acc_3' };
    await storage.transaction(acme, async (tx) =>
      ok(await tx.records.put({ ...key, data: {}, expectedVersion: 0 })),
    );
    const stale = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.delete({ ...key, expectedVersion: 2 })),
    );
    expect(stale._unsafeUnwrapErr()).toMatchObject({
      type: 'storage.version_mismatch',
      actualVersion: 1,
    });
    const deleted = await storage.transaction(acme, async (tx) => {
      await tx.records.delete({ ...key, expectedVersion: 1 });
      return ok(await tx.records.get(key.collection, key.id));
    });
    expect(deleted._unsafeUnwrap()).toBeUndefined();
  });

  it('reads many in the order asked, with gaps and repeats', async () => {
    const storage = await fixture.storage();
    const result = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'cards', id: 'b', data: { v: 'b' }, expectedVersion: 0 });
      await tx.records.put({ collection: 'cards', id: 'a', data: { v: 'a' }, expectedVersion: 0 });
      return ok(await tx.records.getMany('cards', ['a', 'zz', 'b', 'a']));
    });
    expect(result._unsafeUnwrap().map((record) => record?.data)).toEqual([
      { v: 'a' },
      undefined,
      { v: 'b' },
      { v: 'a' },
    ]);
  });

  it('lists in code point order with cursors, whatever the database locale', async () => {
    const storage = await fixture.storage();
    // Under a linguistic collation `a_c` sorts between `ab` and `ad`; by code point `_` < `b`.
    const ids = ['ad', 'a_c', 'ab', 'B', 'a'];
    const pages = await storage.transaction(acme, async (tx) => {
      for (const id of ids)
        await tx.records.put({ collection: 'sorted', id, data: {}, expectedVersion: 0 });
      const seen: string[][] = [];
      let page = await tx.records.list('sorted', { limit: 2 });
      seen.push(page.items.map((record) => record.id));
      while (page.next !== null) {
        page = await tx.records.list('sorted', { limit: 2, after: page.next });
        seen.push(page.items.map((record) => record.id));
      }
      return ok(seen);
    });
    expect(pages._unsafeUnwrap()).toEqual([['B', 'a'], ['a_c', 'ab'], ['ad']]);
  });

  it('rolls back on err and on a throw, which it rethrows', async () => {
    const storage = await fixture.storage();
    const refused = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'drafts', id: 'd1', data: {}, expectedVersion: 0 });
      return err({ type: 'test.refused' } as const);
    });
    expect(refused._unsafeUnwrapErr()).toEqual({ type: 'test.refused' });
    const boom = new Error('boom');
    await expect(
      storage.transaction(acme, async (tx) => {
        await tx.records.put({ collection: 'drafts', id: 'd2', data: {}, expectedVersion: 0 });
        throw boom;
      }),
    ).rejects.toBe(boom);
    const after = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.getMany('drafts', ['d1', 'd2'])),
    );
    expect(after._unsafeUnwrap()).toEqual([undefined, undefined]);
  });

  it('appends to the outbox and lists it in id order', async () => {
    const storage = await fixture.storage();
    const events = [
      event(acme, 'test.first'),
      event(acme, 'test.second'),
      event(acme, 'test.third'),
    ];
    await storage.transaction(acme, async (tx) => ok(await tx.outbox.append(events)));
    const listed = await storage.transaction(acme, async (tx) => {
      const first = await tx.outbox.list({ limit: 2 });
      const rest =
        first.next === null ? undefined : await tx.outbox.list({ limit: 2, after: first.next });
      return ok([first, rest]);
    });
    const [first, rest] = listed._unsafeUnwrap();
    expect(first?.items).toEqual(events.slice(0, 2));
    expect(rest?.items).toEqual(events.slice(2));
    expect(rest?.next).toBeNull();
  });

  it('stores the stream position in columns and reads the version back as a number', async () => {
    const storage = await fixture.storage();
    const streamEvent: EventEnvelope = {
      ...event(acme, 'test.streamed'),
      streamId: 'acc_1',
      // Past int4, within a safe integer: the column is int8 and comes back as a number.
      streamVersion: 2 ** 40,
      actor: 'usr_1',
    };
    await storage.transaction(acme, async (tx) => ok(await tx.outbox.append([streamEvent])));
    const listed = (
      await storage.transaction(acme, async (tx) => ok(await tx.outbox.list({ limit: 1000 })))
    )
      ._unsafeUnwrap()
      .items.find((item) => item.id === streamEvent.id);
    expect(listed).toEqual(streamEvent);
    expect(typeof listed?.streamVersion).toBe('number');
    const rows = await fixture.transaction((query) =>
      query(
        'select stream_id, stream_version::text as version, actor from strongroom_outbox where id = $1',
        [streamEvent.id],
      ),
    );
    expect(rows).toEqual([{ stream_id: 'acc_1', version: String(2 ** 40), actor: 'usr_1' }]);
  });

  it('reads an event stored before migration 0002 with null stream position and actor', async () => {
    const storage = await fixture.storage();
    const older = event(acme, 'test.older');
    // The insert 0001's adapter sent: none of the newer columns.
    await fixture.transaction(
      (query) =>
        query(
          `insert into strongroom_outbox
             (tenant_id, id, type, schema_version, payload, occurred_at, correlation_id, causation_id)
           values ($1, $2, $3, 1, $4::jsonb, $5, 'req_1', null)`,
          [
            acme,
            older.id,
            older.type,
            JSON.stringify(older.payload),
            older.occurredAt.toISOString(),
          ],
        ),
      'commit',
    );
    const listed = await storage.transaction(acme, async (tx) =>
      ok(await tx.outbox.list({ limit: 1000 })),
    );
    expect(listed._unsafeUnwrap().items.find((item) => item.id === older.id)).toEqual(older);
  });

  it('refuses a half stream position in the table itself', async () => {
    const refused = fixture.transaction((query) =>
      query(
        `insert into strongroom_outbox (tenant_id, id, type, schema_version, payload, occurred_at, stream_id)
         values ($1, $2, 'test.half', 1, '{}', now(), 'acc_1')`,
        [acme, typeIdGenerator.next('evt')],
      ),
    );
    await expect(refused).rejects.toMatchObject({ code: '23514' });
  });

  it('refuses at once an event id appended twice in one attempt, before anything is sent', async () => {
    const storage = await fixture.storage();
    const twice = event(acme, 'test.twice');
    await expect(
      storage.transaction(acme, async (tx) => {
        await tx.outbox.append([twice]);
        await tx.outbox.append([twice]);
        return ok(null);
      }),
    ).rejects.toBeInstanceOf(AssertionFailure);
  });

  it('never sends an event the attempt appended and removed again', async () => {
    const statements: string[] = [];
    const storage = await fixture.recordingStorage(statements);
    const kept = event(acme, 'test.kept');
    const dropped = event(acme, 'test.dropped');
    const listed = await storage.transaction(acme, async (tx) => {
      await tx.outbox.append([kept, dropped]);
      await tx.outbox.remove([dropped.id]);
      return ok((await tx.outbox.list({ limit: 10 })).items.map((item) => item.id));
    });
    expect(listed._unsafeUnwrap()).toContain(kept.id);
    expect(listed._unsafeUnwrap()).not.toContain(dropped.id);
    const outboxStatements = statements.filter((text) => text.includes('strongroom_outbox'));
    expect(outboxStatements.map((text) => text.split(/\s/, 1)[0])).toEqual(['insert', 'select']);
    expect(outboxStatements.some((text) => text.startsWith('delete'))).toBe(false);
  });

  it('treats a repeated event id as a programmer error', async () => {
    const storage = await fixture.storage();
    const repeated = event(acme, 'test.repeated');
    await storage.transaction(acme, async (tx) => ok(await tx.outbox.append([repeated])));
    await expect(
      storage.transaction(acme, async (tx) => ok(await tx.outbox.append([repeated]))),
    ).rejects.toBeInstanceOf(AssertionFailure);
  });
});
