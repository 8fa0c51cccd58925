import type { Storage, StorageLimits } from '@strongroom/kernel';
import { createStorage, type RetryPolicy } from '@strongroom/kernel/adapter';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { postgresTypes } from './pg-types.js';
import { PostgresStorageDriver } from './postgres-storage-driver.js';
import { DEFAULT_APP_ROLE, type StrongroomTables } from './schema.js';
import { resolveLimits } from './storage-limits.js';
import { storagePool } from './storage-pool.js';

/** Where a Postgres storage gets its connections, and who then owns them. */
export type PostgresConnectionOptions =
  | {
      /** A libpq URL; the storage builds its own pool with {@link postgresTypes} and ends it on close. */
      readonly connectionString: string;
      /** The pool's size; 10 unless given. */
      readonly maxConnections?: number;
    }
  | {
      /** A pg pool built with `types: postgresTypes`; the caller keeps it and ends it. */
      readonly pool: PostgresPool;
    }
  | {
      /** A kysely instance over such a pool; the caller keeps it and destroys it. */
      readonly db: Kysely<StrongroomTables>;
    };

/** How the storage's connections send statements; every field is optional. */
export interface PostgresStatementOptions {
  /**
   * Prepare each statement with parameters once per connection, under a name (default `true`).
   * Turn it off behind a pooler that hands one session's statements to other server connections
   * (PgBouncer in transaction mode without `max_prepared_statements`), where a name prepared on
   * one would be missing on the next.
   */
  readonly preparedStatements?: boolean;
}

/** Options of {@link createPostgresStorage}. */
export type PostgresStorageOptions = PostgresConnectionOptions &
  PostgresStatementOptions & {
    /**
     * The role each transaction switches to so that row-level security applies; `strongroom_app`
     * (created by the migrations) unless given. `null` keeps the connecting user, for deployments
     * that connect as a non-owner, non-superuser application user already.
     */
    readonly role?: string | null;
    /** Overrides of `DEFAULT_POSTGRES_LIMITS`. */
    readonly limits?: Partial<StorageLimits>;
    /** Overrides of the kernel's default retry policy for conflicts. */
    readonly retry?: Partial<RetryPolicy>;
  };

/**
 * Keeps a dropped connection from crashing the process. A client whose connection the server ends
 * (`pg_terminate_backend`, a failover, an idle-in-transaction timeout) emits `error`: an idle one
 * on the pool, which then discards it; a checked-out one on itself, where neither the pool nor
 * kysely listens, so Node would throw it as an unhandled `error` event. The statement in flight,
 * or the next one, still fails, and the storage reports that as a retryable infrastructure error.
 * Pools made here are guarded; a pool a host passes in is guarded when the storage is created.
 */
export function listenForConnectionErrors(pool: PostgresPool): void {
  // kysely types a pool by what it calls; a `pg.Pool` is also an event emitter.
  const events = pool as PostgresPool & Partial<Pick<pg.Pool, 'on'>>;
  if (typeof events.on !== 'function') return;
  events.on('error', () => {});
  events.on('connect', (client) => {
    client.on('error', () => {});
  });
}

// The kysely instances made by `createPostgresKysely`, whose clients understand statements held
// back to go after the next one; any other would run such a COMMIT at once, before the writes.
const ON_STORAGE_POOLS = new WeakSet<Kysely<StrongroomTables>>();

/**
 * A kysely instance on a new pool configured for Strongroom (int8 as `bigint`, numeric as text,
 * pipeline mode, statements with parameters prepared once per connection), for running
 * {@link migrateToLatest} or sharing one pool between the storage and the host's own queries.
 * Those are prepared too: a host whose own statements `select *` from tables its migrations
 * change passes `preparedStatements: false`. The caller destroys it.
 */
export function createPostgresKysely(
  options: {
    readonly connectionString: string;
    readonly maxConnections?: number;
  } & PostgresStatementOptions,
): Kysely<StrongroomTables> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types: postgresTypes,
    // Statements sent without waiting for the one before: a transaction's BEGIN goes out with its
    // first statement (see storagePool). Used one at a time, a client behaves as without it.
    pipeline: true,
  });
  listenForConnectionErrors(pool);
  const db = new Kysely<StrongroomTables>({
    dialect: new PostgresDialect({ pool: storagePool(pool, statementOptions(options)) }),
  });
  ON_STORAGE_POOLS.add(db);
  return db;
}

// The statement options as given, or the defaults.
function statementOptions(options: PostgresStatementOptions): Required<PostgresStatementOptions> {
  return { preparedStatements: options.preparedStatements ?? true };
}

/**
 * The Strongroom storage on a PostgreSQL server: one SERIALIZABLE transaction per command,
 * retried on serialization failures, under row-level security for its tenant. Run
 * {@link migrateToLatest} first.
 */
export function createPostgresStorage(options: PostgresStorageOptions): Storage {
  let db: Kysely<StrongroomTables>;
  let close: () => Promise<void>;
  if ('connectionString' in options) {
    db = createPostgresKysely({
      connectionString: options.connectionString,
      ...statementOptions(options),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    });
    close = () => db.destroy();
  } else if ('pool' in options) {
    // kysely would end a pool it was given on destroy; the caller owns this one, so never destroy.
    listenForConnectionErrors(options.pool);
    db = new Kysely<StrongroomTables>({
      dialect: new PostgresDialect({ pool: storagePool(options.pool, statementOptions(options)) }),
    });
    close = async () => {};
  } else {
    db = options.db;
    close = async () => {};
  }
  const driver = new PostgresStorageDriver({
    name: 'postgres',
    db,
    limits: resolveLimits(options.limits),
    capabilities: { concurrentTransactions: true, sharedTransactions: true },
    role: options.role === undefined ? DEFAULT_APP_ROLE : options.role,
    transactionStart: 'single_query',
    commitWithWrites: !('db' in options) || ON_STORAGE_POOLS.has(db),
    close,
  });
  return createStorage(driver, options.retry === undefined ? {} : { retry: options.retry });
}
