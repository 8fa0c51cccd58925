import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresKysely, migrateToLatest } from '../../src/index.js';

const { STRONGROOM_POSTGRES_URL } = process.env;

/** The server the tests use: a superuser URL on the `postgres` maintenance database. */
export const ADMIN_URL = STRONGROOM_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database made for one test file, dropped at its end. */
export interface TestDatabase {
  readonly name: string;
  readonly connectionString: string;
  drop(): Promise<void>;
}

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database with a random name, so test files never share state. It sorts text
 * by a linguistic ICU locale, as production databases usually do, so that a query relying on the
 * server's default `C` ordering fails here rather than in production.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `sr_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(
    `create database ${name} template template0 locale_provider icu icu_locale 'en-US'`,
  );
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    connectionString: url.toString(),
    // FORCE ends connections a failed test may have left open.
    drop: () => asAdmin(`drop database if exists ${name} with (force)`),
  };
}

/** {@link createTestDatabase}, migrated to the latest Strongroom schema. */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  const db = createPostgresKysely({ connectionString: database.connectionString });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return database;
}
