import type { Storage } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import pg from 'pg';

const POSTGRES_ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A storage made for one test file, and how to remove it. */
export interface HttpStorage {
  readonly storage: Storage;
  /** The server database made for it, on the postgres backend (fault tests terminate its connections). */
  readonly databaseName?: string;
  /** Removes what the storage left behind; runs after the SDK closed the storage itself. */
  dispose(): Promise<void>;
}

/** One backend the HTTP tests run on. */
export interface HttpBackend {
  readonly name: 'memory' | 'pglite' | 'postgres';
  create(): Promise<HttpStorage>;
}

async function asPostgresAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The backends: memory (fast), embedded PGlite (the example's default) and the Postgres server. */
export const HTTP_BACKENDS: readonly HttpBackend[] = [
  {
    name: 'memory',
    create: async () => {
      return { storage: createMemoryStorage(), dispose: async () => undefined };
    },
  },
  {
    name: 'pglite',
    create: async () => {
      return { storage: await createPGliteStorage(), dispose: async () => undefined };
    },
  },
  {
    name: 'postgres',
    create: async () => {
      const name = `sr_http_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await asPostgresAdmin(`create database ${name}`);
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${name}`;
      const db = createPostgresKysely({ connectionString: url.toString(), maxConnections: 8 });
      await migrateToLatest(db);
      const storage = createPostgresStorage({ db });
      return {
        storage,
        databaseName: name,
        async dispose() {
          await db.destroy();
          await asPostgresAdmin(`drop database if exists ${name} with (force)`);
        },
      };
    },
  },
];

/** The backends named in `STRONGROOM_HTTP_BACKENDS` (comma-separated), else all of them. */
export function selectedBackends(): readonly HttpBackend[] {
  const wanted = process.env['STRONGROOM_HTTP_BACKENDS']?.split(',');
  return wanted === undefined
    ? HTTP_BACKENDS
    : HTTP_BACKENDS.filter((backend) => wanted.includes(backend.name));
}
