import { PGlite } from '@electric-sql/pglite';
import type { Storage, StorageLimits } from '@strongroom/kernel';
import { createStorage, type RetryPolicy } from '@strongroom/kernel/adapter';
import {
  Kysely,
  type PGlite as KyselyPGlite,
  PGliteDialect,
  type PGliteQueryOptions,
  type PGliteTransaction,
} from 'kysely';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { pgliteParsers } from './pglite-parsers.js';
import { PostgresStorageDriver } from './postgres-storage-driver.js';
import { DEFAULT_APP_ROLE, type StrongroomTables } from './schema.js';
import { resolveLimits } from './storage-limits.js';

/** Options of {@link createPGliteStorage}. */
export type PGliteStorageOptions = (
  | {
      /**
       * Where PGlite keeps its files (a folder, or `idb://…` in a browser); in memory when absent.
       * The storage owns this instance and closes it on close.
       */
      readonly dataDir?: string;
    }
  | {
      /** An instance the caller keeps, closes, and may query beside the storage. */
      readonly pglite: PGlite;
    }
) & {
  /** As for the server; PGlite runs as a superuser, so `null` switches row-level security off. */
  readonly role?: string | null;
  /** Overrides of the same defaults as on the server. */
  readonly limits?: Partial<StorageLimits>;
  /** Overrides of the kernel's default retry policy (conflicts cannot occur on one connection). */
  readonly retry?: Partial<RetryPolicy>;
  /** Whether to run {@link migrateToLatest} before returning; true unless given. */
  readonly migrate?: boolean;
};

// Wraps a PGlite instance so that every query kysely sends, inside a transaction or not, parses
// int8 and numeric losslessly, without changing the instance for its other users.
function withStrongroomParsers(pglite: PGlite, owned: boolean): KyselyPGlite {
  const options = (given?: PGliteQueryOptions): PGliteQueryOptions => ({
    ...given,
    parsers: { ...pgliteParsers, ...given?.parsers },
  });
  return {
    get closed() {
      return pglite.closed;
    },
    get ready() {
      return pglite.ready;
    },
    get waitReady() {
      return pglite.waitReady;
    },
    // kysely closes its PGlite on destroy; a borrowed instance stays open for its owner.
    close: () => (owned ? pglite.close() : Promise.resolve()),
    query: (query, params, given) => pglite.query(query, params, options(given)),
    transaction: (callback) =>
      pglite.transaction((transaction) => {
        const wrapped: PGliteTransaction = {
          query: (query, params, given) => transaction.query(query, params, options(given)),
          rollback: () => transaction.rollback(),
        };
        return callback(wrapped);
      }),
  };
}

/**
 * A kysely instance over a PGlite instance the caller keeps, parsing int8 as `bigint` and numeric
 * as text, for running {@link migrateToLatest} or the host's own queries. Destroying it leaves the
 * PGlite instance open.
 */
export function createPGliteKysely(pglite: PGlite): Kysely<StrongroomTables> {
  return new Kysely<StrongroomTables>({
    dialect: new PGliteDialect({ pglite: withStrongroomParsers(pglite, false) }),
  });
}

/**
 * The Strongroom storage on PGlite, PostgreSQL compiled to WebAssembly and run in-process: the
 * same schema, SQL, row-level security and SERIALIZABLE transactions as the server, on one
 * connection, so transactions queue rather than conflict. Migrates the database unless told not
 * to; resolves once it is ready.
 */
export async function createPGliteStorage(options: PGliteStorageOptions = {}): Promise<Storage> {
  const owned = !('pglite' in options);
  const pglite =
    'pglite' in options
      ? options.pglite
      : options.dataDir === undefined
        ? new PGlite()
        : new PGlite({ dataDir: options.dataDir });
  const db = new Kysely<StrongroomTables>({
    dialect: new PGliteDialect({ pglite: withStrongroomParsers(pglite, owned) }),
  });
  try {
    if (options.migrate ?? true) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const driver = new PostgresStorageDriver({
    name: 'pglite',
    db,
    limits: resolveLimits(options.limits),
    capabilities: { concurrentTransactions: false },
    role: options.role === undefined ? DEFAULT_APP_ROLE : options.role,
    transactionStart: 'statements',
    commitWithWrites: false,
    close: () => db.destroy(),
  });
  return createStorage(driver, options.retry === undefined ? {} : { retry: options.retry });
}
