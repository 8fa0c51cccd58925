/**
 * `@strongroom/postgres`: the Strongroom storage on a PostgreSQL server through kysely and pg,
 * with its migrations and row-level security. The embedded PGlite flavour is the
 * `@strongroom/postgres/pglite` entry, so that server users never load WebAssembly.
 * @module
 */
export {
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  migrateToLatest,
} from './migrations/migrate-to-latest.js';
export { type PostgresTypeParsers, postgresTypes } from './pg-types.js';
export {
  createPostgresKysely,
  createPostgresStorage,
  type PostgresConnectionOptions,
  type PostgresStatementOptions,
  type PostgresStorageOptions,
} from './postgres-storage.js';
export {
  DEFAULT_APP_ROLE,
  OUTBOX_TABLE,
  type OutboxTable,
  RECORDS_TABLE,
  type RecordsTable,
  type StrongroomTables,
  TENANT_SETTING,
} from './schema.js';
export { DEFAULT_POSTGRES_LIMITS } from './storage-limits.js';
