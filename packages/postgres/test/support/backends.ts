import { parseTenantId, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import pg from 'pg';
import {
  createPostgresKysely,
  createPostgresStorage,
  migrateToLatest,
  type PostgresStorageOptions,
  postgresTypes,
} from '../../src/index.js';
import { createPGliteStorage, pgliteParsers } from '../../src/pglite.js';
import { sharedPGlite } from './pglite-instance.js';
import { createTestDatabase } from './test-database.js';

/** Runs one SQL statement and returns its rows. */
export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Storage options both drivers accept. */
export type CommonStorageOptions = Pick<PostgresStorageOptions, 'role' | 'limits' | 'retry'>;

/** One migrated database on one driver, shared by the tests of a file. */
export interface Fixture {
  /** A storage on the database; closed with the fixture. */
  storage(options?: CommonStorageOptions): Promise<Storage>;
  /** Runs `body` in a raw transaction as the connecting superuser, then rolls it back or commits. */
  transaction<T>(body: (query: Query) => Promise<T>, outcome?: 'commit' | 'rollback'): Promise<T>;
  close(): Promise<void>;
}

/** A driver the adapter runs on, as `describe.each` needs it. */
export interface Backend {
  readonly name: 'postgres' | 'pglite';
  open(): Promise<Fixture>;
}

/** A tenant id from a literal, for tests. */
export function tenant(id: string): TenantId {
  return unwrapOrThrow(parseTenantId(id));
}

const postgres: Backend = {
  name: 'postgres',
  async open() {
    const database = await createTestDatabase();
    const db = createPostgresKysely({ connectionString: database.connectionString });
    await migrateToLatest(db);
    await db.destroy();
    const pool = new pg.Pool({
      connectionString: database.connectionString,
      max: 2,
      types: postgresTypes,
    });
    const storages: Storage[] = [];
    return {
      async storage(options = {}) {
        const storage = createPostgresStorage({
          connectionString: database.connectionString,
          maxConnections: 4,
          ...options,
        });
        storages.push(storage);
        return storage;
      },
      async transaction(body, outcome = 'rollback') {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await body(
            async (text, params) => (await client.query(text, params)).rows,
          );
          await client.query(outcome);
          return result;
        } catch (error) {
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
      },
      async close() {
        await Promise.all(storages.map((storage) => storage.close()));
        await pool.end();
        await database.drop();
      },
    };
  },
};

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const instance = await sharedPGlite();
    return {
      storage: (options = {}) =>
        createPGliteStorage({ pglite: instance, migrate: false, ...options }),
      async transaction(body, outcome = 'rollback') {
        return instance.transaction(async (transaction) => {
          const result = await body(
            async (text, params) =>
              (
                await transaction.query<Record<string, unknown>>(text, params, {
                  parsers: pgliteParsers,
                })
              ).rows,
          );
          if (outcome === 'rollback') await transaction.rollback();
          return result;
        });
      },
      // The instance outlives the file: the next file in this worker empties and reuses it.
      close: async () => {},
    };
  },
};

/** Both drivers, for `describe.each`. */
export const BACKENDS: readonly Backend[] = [postgres, pglite];
