import { ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index.js';
import {
  ADMIN_URL,
  createMigratedTestDatabase,
  type TestDatabase,
} from './support/test-database.js';

const acme = unwrapOrThrow(parseTenantId('acme'));

// Ends every connection to the database but the caller's, as a failover or an operator would.
async function terminateConnections(database: string): Promise<number> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const result = await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe('a connection the server ends in the middle of a transaction', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createMigratedTestDatabase();
  });
  afterAll(() => database.drop());

  // Without a listener on checked-out clients, the client's `error` event would be unhandled and
  // end the process (vitest reports it as an unhandled error and fails the run).
  it('fails that transaction as a retryable infrastructure error, without an unhandled error', async () => {
    for (const storage of [
      createPostgresStorage({ connectionString: database.connectionString }),
      createPostgresStorage({
        pool: new pg.Pool({ connectionString: database.connectionString }),
      }),
    ]) {
      const lost = await storage.transaction(acme, async (tx) => {
        await tx.records.get('suite.things', 'a');
        expect(await terminateConnections(database.name)).toBeGreaterThan(0);
        await tx.records.put({
          collection: 'suite.things',
          id: 'lost',
          data: {},
          expectedVersion: 0,
        });
        return ok('written');
      });
      expect(lost._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
      // The caller's retry (HTTP answers 503 with Retry-After) gets a fresh connection.
      const retried = await storage.transaction(acme, async (tx) =>
        ok(await tx.records.get('suite.things', 'lost')),
      );
      expect(retried._unsafeUnwrap()).toBeUndefined();
      await storage.close();
    }
  });
});
