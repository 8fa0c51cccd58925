import { ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresKysely,
  createPostgresStorage,
  migrateToLatest,
  postgresTypes,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const acme = unwrapOrThrow(parseTenantId('acme'));

/** One `client.query` call: its first keyword, and how many earlier calls were still unanswered. */
interface Sent {
  readonly keyword: string;
  readonly unansweredBefore: number;
}

// A pool whose clients record, for every statement, how many statements sent before it were still
// waiting for their answer: above zero means it went out without waiting (pipelined).
function recordingPool(connectionString: string, pipeline: boolean) {
  const pool = new pg.Pool({ connectionString, types: postgresTypes, pipeline, max: 1 });
  const sent: Sent[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let unanswered = 0;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0] : '';
        sent.push({
          keyword: text.trimStart().split(/\s/, 1)[0]?.toLowerCase() ?? '',
          unansweredBefore: unanswered,
        });
        unanswered += 1;
        return query(...args).finally(() => {
          unanswered -= 1;
        });
      },
    });
  });
  return { pool, sent };
}

describe('BEGIN held back until the first statement', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const db = createPostgresKysely({ connectionString: database.connectionString });
    await migrateToLatest(db);
    await db.destroy();
  });
  afterAll(() => database.drop());

  async function writeAndRead(pipeline: boolean): Promise<Sent[]> {
    const { pool, sent } = recordingPool(database.connectionString, pipeline);
    const storage = createPostgresStorage({ pool });
    const id = `thing-${pipeline}`;
    const written = await storage.transaction(acme, async (tx) => {
      const before = await tx.records.get('suite.things', id);
      await tx.records.put({ collection: 'suite.things', id, data: {}, expectedVersion: 0 });
      return ok(before);
    });
    expect(written._unsafeUnwrap()).toBeUndefined();
    const read = await storage.transaction(acme, async (tx) =>
      ok(await tx.records.get('suite.things', id)),
    );
    expect(read._unsafeUnwrap()).toMatchObject({ id, version: 1 });
    await storage.close();
    await pool.end();
    return sent;
  }

  it('goes out with that statement, unanswered, on a pool in pipeline mode', async () => {
    const sent = await writeAndRead(true);
    // Two transactions: BEGIN, the read, the write, COMMIT; then BEGIN, the read, COMMIT.
    expect(sent.map((statement) => statement.keyword)).toEqual([
      'begin',
      'select',
      'insert',
      'commit',
      'begin',
      'select',
      'commit',
    ]);
    const afterBegin = sent.filter((_, index) => sent[index - 1]?.keyword === 'begin');
    expect(afterBegin.map((statement) => statement.unansweredBefore)).toEqual([1, 1]);
    // Everything else waits for the statement before it, as the function awaits each.
    const rest = sent.filter((statement) => !afterBegin.includes(statement));
    expect(rest.every((statement) => statement.unansweredBefore === 0)).toBe(true);
  });

  it('is sent first and answered before that statement on a pool without pipeline mode', async () => {
    const sent = await writeAndRead(false);
    expect(sent.map((statement) => statement.keyword)).toEqual([
      'begin',
      'select',
      'insert',
      'commit',
      'begin',
      'select',
      'commit',
    ]);
    expect(sent.every((statement) => statement.unansweredBefore === 0)).toBe(true);
  });
});
