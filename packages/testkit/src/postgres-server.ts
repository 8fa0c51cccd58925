/**
 * Test support for a Postgres server (`@strongroom/testkit/postgres-server`): the superuser URL
 * tests read from `STRONGROOM_POSTGRES_URL`, one-statement superuser access, and scratch
 * databases a test creates and drops. Needs `pg`.
 *
 * @packageDocumentation
 */

export {
  POSTGRES_ADMIN_URL,
  type PostgresAdminStatementOptions,
  runAsPostgresAdmin,
} from './postgres-server/postgres-admin.js';
export {
  createScratchPostgresDatabase,
  type ScratchPostgresDatabase,
} from './postgres-server/scratch-postgres-database.js';
