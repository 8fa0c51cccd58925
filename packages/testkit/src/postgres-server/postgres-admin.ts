import pg from 'pg';

/**
 * The Postgres server tests create their databases on, as its superuser: `STRONGROOM_POSTGRES_URL`,
 * or the local server with trust authentication that CI starts.
 */
export const POSTGRES_ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where {@link runAsPostgresAdmin} runs its statement, and with which parameters. */
export interface PostgresAdminStatementOptions {
  /** The database to connect to as the superuser; default the server's maintenance database. */
  readonly connectionString?: string;
  readonly params?: readonly unknown[];
}

/**
 * Runs one statement as the server's superuser on a connection of its own, closed afterwards, and
 * returns its rows. A superuser is not bound by row-level security: what an attacker holding the
 * database's credentials could run.
 */
export async function runAsPostgresAdmin<Row extends object = Record<string, unknown>>(
  statement: string,
  options: PostgresAdminStatementOptions = {},
): Promise<Row[]> {
  const client = new pg.Client({
    connectionString: options.connectionString ?? POSTGRES_ADMIN_URL,
  });
  await client.connect();
  try {
    return (await client.query<Row>(statement, [...(options.params ?? [])])).rows;
  } finally {
    await client.end();
  }
}
