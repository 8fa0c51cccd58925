import { ok } from '@strongroom/kernel';
import { StorageFailure } from '@strongroom/kernel/adapter';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toStorageFailure } from '../src/error-mapping.js';
import { createPostgresKysely, createPostgresStorage } from '../src/index.js';
import { BACKENDS, type Fixture, tenant } from './support/backends.js';
import { ADMIN_URL } from './support/test-database.js';

const acme = tenant('acme');
// A card number stands in for any secret a statement might carry.
const PAN = '4111111111111111';

describe('toStorageFailure', () => {
  it('maps serialization failures and deadlocks to a conflict', () => {
    for (const code of ['40001', '40P01']) {
      expect(toStorageFailure({ code }, 'postgres.transaction').error).toEqual({
        type: 'storage.conflict',
        attempts: 0,
      });
    }
  });

  it('marks connection faults retryable and other faults not', () => {
    const cases: [unknown, boolean, string | undefined][] = [
      [{ code: '08006' }, true, '08006'],
      [{ code: '57P01' }, true, '57P01'],
      [
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        true,
        'ECONNREFUSED',
      ],
      // Five capitals, like a SQLSTATE: a write to a socket the server already closed.
      [Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true, 'EPIPE'],
      [new Error('Connection terminated unexpectedly'), true, undefined],
      [{ code: '23505' }, false, '23505'],
      [{ code: '42601' }, false, '42601'],
      [new TypeError('not a driver error'), false, undefined],
    ];
    for (const [thrown, retryable, code] of cases) {
      const { error } = toStorageFailure(thrown, 'postgres.records.put');
      expect(error).toMatchObject({
        type: 'infrastructure',
        retryable,
        operation: 'postgres.records.put',
      });
      expect(error.type === 'infrastructure' ? error.code : 'not infrastructure').toBe(code);
    }
  });

  it('never copies the driver message, which may quote parameters', async () => {
    const db = createPostgresKysely({ connectionString: ADMIN_URL });
    try {
      const thrown = await sql`select ${`card ${PAN}`}::int4`
        .execute(db)
        .catch((error: unknown) => error);
      expect(String((thrown as Error).message)).toContain(PAN);
      const { error } = toStorageFailure(thrown, 'postgres.records.get');
      expect(error).toEqual({
        type: 'infrastructure',
        retryable: false,
        operation: 'postgres.records.get',
        message: 'postgres.records.get failed: data exception',
        code: '22P02',
      });
    } finally {
      await db.destroy();
    }
  });
});

describe.each(BACKENDS)('driver errors on $name', (backend) => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await backend.open();
  });
  afterAll(() => fixture?.close());

  it('reports a data error as infrastructure once, without the data, and writes nothing', async () => {
    const storage = await fixture.storage();
    let calls = 0;
    const result = await storage.transaction(acme, async (tx) => {
      calls += 1;
      await tx.records.put({
        collection: 'cards',
        id: 'c1',
        data: { pan: PAN },
        expectedVersion: 0,
      });
      // jsonb refuses U+0000; the server's error context quotes the JSON text it was given.
      await tx.records.put({
        collection: 'cards',
        id: 'c2',
        data: { pan: `${PAN}\u0000` },
        expectedVersion: 0,
      });
      return ok(undefined);
    });
    expect(calls).toBe(1);
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ type: 'infrastructure', retryable: false, code: '22P05' });
    expect(JSON.stringify(error)).not.toContain(PAN);
    const stored = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.get('cards', 'c1')),
    );
    expect(stored._unsafeUnwrap()).toBeUndefined();
  });

  it('fails the attempt even when the function swallows the failed statement', async () => {
    const storage = await fixture.storage();
    const result = await storage.transaction(acme, async (tx) => {
      await tx.records
        .put({ collection: 'cards', id: 'c3', data: { bad: '\u0000' }, expectedVersion: 0 })
        .catch(() => undefined);
      // The transaction is aborted: this must not reach the server, and nothing may commit.
      await tx.records
        .put({ collection: 'cards', id: 'c4', data: {}, expectedVersion: 0 })
        .catch(() => undefined);
      return ok('committed?');
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', code: '22P05' });
  });

  // On the server, BEGIN and the role go out with the function's first statement, so the function
  // may run; whatever it wrote never commits, and the role's failure is what the caller sees, not
  // the "transaction is aborted" of the statement after it.
  it('reports an unknown role as infrastructure, and nothing the function wrote commits', async () => {
    const storage = await fixture.storage({ role: 'strongroom_no_such_role' });
    const written = await storage.transaction(acme, async (tx) => {
      await tx.records.put({ collection: 'cards', id: 'no-role', data: {}, expectedVersion: 0 });
      // On the server this read is the statement BEGIN goes out with; it fails with BEGIN's cause.
      await tx.records.get('cards', 'other');
      return ok(undefined);
    });
    expect(written._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      code: '22023',
    });
    const idle = await storage.transaction(acme, async () => ok(undefined));
    expect(idle._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: false,
      operation: `${backend.name}.transaction`,
      code: '22023',
    });
    const reader = await fixture.storage();
    const found = await reader.transaction(acme, async (tx) =>
      ok(await tx.records.get('cards', 'no-role')),
    );
    expect(found._unsafeUnwrap()).toBeUndefined();
  });

  it('passes a StorageFailure thrown by the function through to createStorage', async () => {
    const storage = await fixture.storage();
    const result = await storage.transaction(acme, async () => {
      throw toStorageFailure({ code: '57P01' }, 'test.operation');
    });
    expect(result._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
    expect(toStorageFailure({ code: '57P01' }, 'x')).toBeInstanceOf(StorageFailure);
  });
});

describe('an unreachable server', () => {
  it('is a retryable infrastructure error, tried once', async () => {
    // Port 1 on loopback refuses at once; nothing listens there.
    const storage = createPostgresStorage({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
    });
    let calls = 0;
    const result = await storage.transaction(acme, async () => {
      calls += 1;
      return ok(undefined);
    });
    await storage.close();
    expect(calls).toBe(0);
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'postgres.transaction',
      code: 'ECONNREFUSED',
    });
  });
});
