import { PGlite } from '@electric-sql/pglite';
import type { Storage } from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import {
  inspectPostgresDatabase,
  inspectSqlDatabase,
  inspectStore,
} from '@strongroom/testkit/secret-scan';
import pg from 'pg';

const POSTGRES_ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A storage made for one test file, and how to remove it. */
export interface HttpStorage {
  readonly storage: Storage;
  /** The server database made for it, on the postgres backend (fault tests terminate its connections). */
  readonly databaseName?: string;
  /** Hands what the storage holds to the full-suite secret scan; runs before the storage closes. */
  inspect(): Promise<void>;
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
      const storage = createMemoryStorage();
      return {
        storage,
        inspect: () =>
          inspectStore('memory', 'http memory storage', async () =>
            dumpMemoryStorage(storage).map((row, index) => ({
              place: `row ${index + 1}`,
              text: JSON.stringify(row),
            })),
          ),
        dispose: async () => undefined,
      };
    },
  },
  {
    name: 'pglite',
    create: async () => {
      // An instance of our own, so its tables can be inspected once the SDK closed the storage.
      const pglite = new PGlite();
      return {
        storage: await createPGliteStorage({ pglite }),
        inspect: () =>
          inspectSqlDatabase('pglite', 'http pglite', (statement) => pglite.query(statement)),
        dispose: () => pglite.close(),
      };
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
        inspect: () => inspectPostgresDatabase(name, url.toString()),
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
