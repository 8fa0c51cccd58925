import { POSTGRES_ADMIN_URL, runAsPostgresAdmin } from './postgres-admin.js';

/** A database made for one test file or run, on the server of {@link POSTGRES_ADMIN_URL}. */
export interface ScratchPostgresDatabase {
  readonly name: string;
  /** The database's URL as the superuser. */
  readonly url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

// Lowercase letters, digits and underscores, starting with a letter: safe to write unquoted.
const PREFIX_PATTERN = /^[a-z][a-z0-9_]{0,30}$/;

/**
 * Creates an empty database named `<prefix>_<12 random hex digits>`, so that concurrent test
 * files and runs never share one. Nothing is migrated: each caller sets up the schema it tests.
 */
export async function createScratchPostgresDatabase(
  prefix: string,
): Promise<ScratchPostgresDatabase> {
  if (!PREFIX_PATTERN.test(prefix)) throw new RangeError(`invalid database name prefix: ${prefix}`);
  const name = `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await runAsPostgresAdmin(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await runAsPostgresAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}
