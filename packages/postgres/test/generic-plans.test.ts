import { ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, postgresTypes } from '../src/index.js';
import { createMigratedTestDatabase, type TestDatabase } from './support/test-database.js';

const acme = unwrapOrThrow(parseTenantId('acme'));
/** More executions than the five custom plans Postgres makes before it weighs a generic one. */
const TRANSACTIONS = 8;

describe('prepared statements in storage transactions', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
  });
  afterAll(() => database.drop());

  it('run on generic plans, and only inside the storage transactions', async () => {
    // One connection, so the server's view of prepared statements is the storage's.
    const pool = new pg.Pool({
      connectionString: database.connectionString,
      types: postgresTypes,
      pipeline: true,
      max: 1,
    });
    const storage = createPostgresStorage({ pool });
    try {
      for (let run = 0; run < TRANSACTIONS; run += 1) {
        const read = await storage.transaction(acme, async (tx) =>
          ok(await tx.records.getMany('test.items', ['a', 'b'], { lock: true })),
        );
        expect(unwrapOrThrow(read)).toEqual([undefined, undefined]);
      }
      const { rows } = await pool.query<{ generic_plans: bigint; custom_plans: bigint }>(
        `select generic_plans, custom_plans from pg_prepared_statements
          where statement like '%unnest%'`,
      );
      expect(rows).toEqual([{ generic_plans: BigInt(TRANSACTIONS), custom_plans: 0n }]);
      const { rows: outside } = await pool.query<{ plan_cache_mode: string }>(
        'show plan_cache_mode',
      );
      expect(outside).toEqual([{ plan_cache_mode: 'auto' }]);
    } finally {
      await storage.close();
      await pool.end();
    }
  });
});
