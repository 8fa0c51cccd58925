import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import { recordsAndOutbox } from './0001-records-and-outbox.js';
import { outboxStreamAndActor } from './0002-outbox-stream-and-actor.js';

/**
 * Every migration by name, in order. Names sort in application order and are never renamed or
 * reused: the migration table records them.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_records_and_outbox': recordsAndOutbox,
  '0002_outbox_stream_and_actor': outboxStreamAndActor,
};

// Bundled in code rather than read from a folder, so the migrations ship inside the package.
const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** The tables where kysely tracks Strongroom's migrations, apart from the host's own. */
export const MIGRATION_TABLE = 'strongroom_migration';

/** The lock table of {@link MIGRATION_TABLE}. */
export const MIGRATION_LOCK_TABLE = 'strongroom_migration_lock';

/**
 * Brings the database to the latest Strongroom schema and returns the names of the migrations it
 * applied (none when it was current). Safe to run at every start and from many processes at once:
 * kysely serializes runs with an advisory lock and applies pending migrations in one transaction.
 */
export async function migrateToLatest<Database>(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return results.map((result) => result.migrationName);
}
