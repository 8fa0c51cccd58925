import { POSTGRES_ADMIN_URL } from '@strongroom/testkit/postgres-server';
import pg from 'pg';

/** An administrator's connection that kills another database's connections on demand. */
export interface BackendTerminator {
  /** Terminates every backend connected to the database; resolves with how many there were. */
  terminate(): Promise<number>;
  /** Rounds run so far and backends terminated in them. */
  readonly rounds: number;
  readonly terminated: number;
  close(): Promise<void>;
}

/** Connects as the administrator to terminate `database`'s backends (never its own). */
export async function connectBackendTerminator(database: string): Promise<BackendTerminator> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    application_name: 'faults',
  });
  await client.connect();
  let rounds = 0;
  let terminated = 0;
  return {
    async terminate() {
      const { rows } = await client.query<{ terminated: boolean }>(
        `select pg_terminate_backend(pid) as terminated from pg_stat_activity
         where datname = $1 and pid <> pg_backend_pid()`,
        [database],
      );
      const count = rows.filter((row) => row.terminated).length;
      rounds += 1;
      terminated += count;
      return count;
    },
    get rounds() {
      return rounds;
    },
    get terminated() {
      return terminated;
    },
    close: () => client.end(),
  };
}
