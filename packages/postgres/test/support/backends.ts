import type { PGlite } from '@electric-sql/pglite';
import { parseTenantId, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import {
  createPostgresStorage,
  type PostgresStorageOptions,
  postgresTypes,
  type StrongroomTables,
} from '../../src/index.js';
import { createPGliteStorage, pgliteParsers } from '../../src/pglite.js';
import { listenForConnectionErrors } from '../../src/postgres-storage.js';
import { sharedPGlite } from './pglite-instance.js';
import { createMigratedTestDatabase } from './test-database.js';

/** Runs one SQL statement and returns its rows. */
export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Storage options both drivers accept. */
export type CommonStorageOptions = Pick<PostgresStorageOptions, 'role' | 'limits' | 'retry'>;

/** One migrated database on one driver, shared by the tests of a file. */
export interface Fixture {
  /** A storage on the database; closed with the fixture. */
  storage(options?: CommonStorageOptions): Promise<Storage>;
  /**
   * A storage that appends the text of every statement it sends to `statements`, for counting
   * round trips (COMMIT is a statement on the server; PGlite commits without one).
   */
  recordingStorage(statements: string[]): Promise<Storage>;
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
    const database = await createMigratedTestDatabase();
    const pool = new pg.Pool({
      connectionString: database.connectionString,
      max: 2,
      types: postgresTypes,
    });
    // `pool.end()` resolves while its clients are still closing; the forced drop of the test
    // database then terminates them, and a client without a listener would turn that into an
    // unhandled error of the whole run (it did, once, in a fresh-clone CI run).
    listenForConnectionErrors(pool);
    const storages: Storage[] = [];
    const borrowed: Kysely<StrongroomTables>[] = [];
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
      async recordingStorage(statements) {
        const recordingPool = new pg.Pool({
          connectionString: database.connectionString,
          max: 2,
          types: postgresTypes,
        });
        // Guarded for the same reason as the fixture's own pool.
        listenForConnectionErrors(recordingPool);
        const db = new Kysely<StrongroomTables>({
          dialect: new PostgresDialect({ pool: recordingPool }),
          log: (event) => {
            if (event.level === 'query') statements.push(event.query.sql);
          },
        });
        // The storage borrows `db`, which ends its pool when destroyed with the fixture.
        borrowed.push(db);
        return createPostgresStorage({ db });
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
        await Promise.all(borrowed.map((db) => db.destroy()));
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
      recordingStorage: (statements) =>
        createPGliteStorage({ pglite: recording(instance, statements), migrate: false }),
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

// The instance as the storage sees it, with the text of every statement sent in a transaction
// (all a storage sends) appended to `statements`.
function recording(instance: PGlite, statements: string[]): PGlite {
  return new Proxy(instance, {
    get(target, property) {
      if (property === 'transaction') {
        return (callback: Parameters<PGlite['transaction']>[0]) =>
          target.transaction((transaction) =>
            callback(
              new Proxy(transaction, {
                get(inner, name) {
                  if (name !== 'query') return Reflect.get(inner, name, inner);
                  return (text: string, ...rest: unknown[]) => {
                    statements.push(text);
                    return (inner.query as (...args: unknown[]) => unknown)(text, ...rest);
                  };
                },
              }),
            ),
          );
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Both drivers, for `describe.each`. */
export const BACKENDS: readonly Backend[] = [postgres, pglite];
