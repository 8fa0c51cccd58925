import type { Socket } from 'node:net';
import { ok, parseTenantId, type TransactionIsolation, unwrapOrThrow } from '@strongroom/kernel';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, postgresTypes } from '../src/index.js';
import { createMigratedTestDatabase, type TestDatabase } from './support/test-database.js';

const acme = unwrapOrThrow(parseTenantId('acme'));

/**
 * One `client.query` call: its first keyword, the name it was prepared under (if any), and how many
 * earlier calls were still unanswered.
 */
interface Sent {
  readonly keyword: string;
  readonly name: string | undefined;
  readonly unansweredBefore: number;
}

// The text and name of a `client.query` call: a string, or a config object.
function statementOf(query: unknown): { text: string; name: string | undefined } {
  if (typeof query === 'string') return { text: query, name: undefined };
  const { text, name } = query as { text: string; name?: string };
  return { text, name };
}

// A pool whose clients record, for every statement, how many statements sent before it were still
// waiting for their answer: above zero means it went out without waiting (pipelined).
// It also counts the writes to each client's socket, each one system call (and, on loopback, one
// pass through the receiving side's TCP stack).
function recordingPool(connectionString: string, pipeline: boolean) {
  const pool = new pg.Pool({ connectionString, types: postgresTypes, pipeline, max: 1 });
  const sent: Sent[] = [];
  const socketWrites = { count: 0 };
  pool.on('connect', (client) => {
    const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
    for (const method of ['_write', '_writev'] as const) {
      const write = socket[method]?.bind(socket) as (...args: unknown[]) => void;
      Object.assign(socket, {
        [method]: (...args: unknown[]) => {
          socketWrites.count += 1;
          write(...args);
        },
      });
    }
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let unanswered = 0;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        // `pool.query` calls with a callback; the storage awaits promises, which are recorded.
        if (typeof args.at(-1) === 'function') return query(...args);
        const { text, name } = statementOf(args[0]);
        sent.push({
          keyword: text.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '',
          name,
          unansweredBefore: unanswered,
        });
        unanswered += 1;
        return query(...args).finally(() => {
          unanswered -= 1;
        });
      },
    });
  });
  return { pool, sent, socketWrites };
}

/** How `writeAndRead` builds its storage and runs its write. */
interface RunOptions {
  readonly preparedStatements?: boolean;
  readonly isolation?: TransactionIsolation;
}

// What `writeAndRead` sends: BEGIN, the read, the write, COMMIT; then BEGIN, the read, COMMIT.
const STATEMENTS_OF_A_RUN = ['begin', 'select', 'insert', 'commit', 'begin', 'select', 'commit'];

describe('the storage pool on the Postgres server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createMigratedTestDatabase();
  });
  afterAll(() => database.drop());

  let runs = 0;
  // Writes a record and reads it back in two transactions; answers what was sent, and the names
  // the connection's server session holds prepared statements under afterwards.
  async function writeAndRead(
    pipeline: boolean,
    { preparedStatements, isolation }: RunOptions = {},
  ): Promise<{ sent: Sent[]; prepared: string[]; socketWrites: number }> {
    const { pool, sent, socketWrites } = recordingPool(database.connectionString, pipeline);
    const storage = createPostgresStorage(
      preparedStatements === undefined ? { pool } : { pool, preparedStatements },
    );
    runs += 1;
    const id = `thing-${runs}`;
    const written = await storage.transaction(
      acme,
      async (tx) => {
        const before = await tx.records.get('suite.things', id);
        await tx.records.put({ collection: 'suite.things', id, data: {}, expectedVersion: 0 });
        return ok(before);
      },
      isolation === undefined ? {} : { isolation },
    );
    expect(written._unsafeUnwrap()).toBeUndefined();
    const read = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.get('suite.things', id)),
    );
    expect(read._unsafeUnwrap()).toMatchObject({ id, version: 1 });
    const writesOfRun = socketWrites.count;
    // The pool has one connection: this runs on the session the transactions ran on.
    const { rows } = await pool.query<{ name: string }>(
      'select name from pg_prepared_statements order by name',
    );
    await storage.close();
    await pool.end();
    return { sent, prepared: rows.map((row) => row.name), socketWrites: writesOfRun };
  }

  it('sends BEGIN with the first statement, unanswered, on a pool in pipeline mode', async () => {
    const { sent } = await writeAndRead(true);
    expect(sent.map((statement) => statement.keyword)).toEqual(STATEMENTS_OF_A_RUN);
    const afterBegin = sent.filter((_, index) => sent[index - 1]?.keyword === 'begin');
    expect(afterBegin.map((statement) => statement.unansweredBefore)).toEqual([1, 1]);
    // Everything else waits for the statement before it, as the function awaits each.
    const rest = sent.filter((statement) => !afterBegin.includes(statement));
    expect(rest.every((statement) => statement.unansweredBefore === 0)).toBe(true);
  });

  it('writes BEGIN and the first statement to the socket at once in pipeline mode', async () => {
    const { sent, socketWrites } = await writeAndRead(true);
    // One write per statement, but each BEGIN shares its follower's.
    expect(socketWrites).toBe(sent.length - 2);
  });

  it('sends COMMIT with the last write, unanswered, at read_committed in pipeline mode', async () => {
    const { sent, socketWrites } = await writeAndRead(true, { isolation: 'read_committed' });
    expect(sent.map((statement) => statement.keyword)).toEqual([
      'begin',
      'select',
      'with', // the insert, guarded so that a mismatch fails it (and so the transaction)
      'commit',
      'begin',
      'select',
      'commit',
    ]);
    expect(sent.map((statement) => statement.unansweredBefore)).toEqual([0, 1, 0, 1, 0, 1, 0]);
    // BEGIN rides with the read and COMMIT with the write; the read-only transaction commits alone.
    expect(socketWrites).toBe(sent.length - 3);
  });

  it('commits nothing when a write sent with COMMIT finds a row at another version', async () => {
    const { pool } = recordingPool(database.connectionString, true);
    const storage = createPostgresStorage({ pool });
    const [kept, added] = ['stale-kept', 'stale-added'];
    unwrapOrThrow(
      await storage.transaction(acme, async (tx) =>
        ok(
          await tx.records.put({
            collection: 'suite.things',
            id: kept,
            data: { n: 1 },
            expectedVersion: 0,
          }),
        ),
      ),
    );
    const stale = await storage.transaction(
      acme,
      async (tx) => {
        await tx.records.put({
          collection: 'suite.things',
          id: added,
          data: {},
          expectedVersion: 0,
        });
        await tx.records.put({
          collection: 'suite.things',
          id: kept,
          data: { n: 2 },
          expectedVersion: 5,
        });
        return ok(null);
      },
      { isolation: 'read_committed', maxAttempts: 1 },
    );
    // At read_committed a row at another version is a conflict (see AttemptContext.mismatch).
    expect(stale._unsafeUnwrapErr()).toEqual({ type: 'storage.conflict', attempts: 1 });
    // The pool's one connection is usable again, and the insert beside the stale write is gone.
    const after = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.getMany('suite.things', [kept, added])),
    );
    expect(after._unsafeUnwrap()).toEqual([
      expect.objectContaining({ id: kept, version: 1, data: { n: 1 } }),
      undefined,
    ]);
    await storage.close();
    await pool.end();
  });

  it('sends COMMIT after the last write is answered, at read_committed without pipeline mode', async () => {
    const { sent } = await writeAndRead(false, { isolation: 'read_committed' });
    expect(sent.map((statement) => statement.keyword)).toContain('commit');
    expect(sent.every((statement) => statement.unansweredBefore === 0)).toBe(true);
  });

  it('writes each statement on its own without pipeline mode', async () => {
    const { sent, socketWrites } = await writeAndRead(false);
    expect(socketWrites).toBe(sent.length);
  });

  it('sends BEGIN first, answered before the next statement, on a pool without pipeline mode', async () => {
    const { sent } = await writeAndRead(false);
    expect(sent.map((statement) => statement.keyword)).toEqual(STATEMENTS_OF_A_RUN);
    expect(sent.every((statement) => statement.unansweredBefore === 0)).toBe(true);
  });

  it('prepares each statement with parameters once per connection, under a name', async () => {
    const { sent, prepared } = await writeAndRead(true);
    const withNames = sent.filter((statement) => statement.name !== undefined);
    // The read, the write and the second read; BEGIN and COMMIT take no parameters.
    expect(withNames.map((statement) => statement.keyword)).toEqual(['select', 'insert', 'select']);
    const [firstRead, write, secondRead] = withNames;
    // The same read twice is the same prepared statement; the write is another.
    expect(secondRead?.name).toBe(firstRead?.name);
    expect(write?.name).not.toBe(firstRead?.name);
    expect(prepared).toEqual([firstRead?.name, write?.name].sort());
  });

  it('prepares nothing with preparedStatements off (a transaction-mode pooler)', async () => {
    const { sent, prepared } = await writeAndRead(true, { preparedStatements: false });
    expect(sent.map((statement) => statement.keyword)).toContain('insert');
    expect(sent.every((statement) => statement.name === undefined)).toBe(true);
    expect(prepared).toEqual([]);
  });
});
