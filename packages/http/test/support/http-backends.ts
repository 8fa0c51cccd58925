import { PGlite } from '@electric-sql/pglite';
import type { Storage } from '@strongroom/kernel';
import { createMemoryStorage, dumpMemoryStorage } from '@strongroom/memory';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import { createScratchPostgresDatabase } from '@strongroom/testkit/postgres-server';
import {
  inspectPostgresDatabase,
  inspectSqlDatabase,
  inspectStore,
} from '@strongroom/testkit/secret-scan';

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
      const database = await createScratchPostgresDatabase('sr_http');
      const db = createPostgresKysely({ connectionString: database.url, maxConnections: 8 });
      await migrateToLatest(db);
      const storage = createPostgresStorage({ db });
      return {
        storage,
        databaseName: database.name,
        inspect: () => inspectPostgresDatabase(database.name, database.url),
        async dispose() {
          await db.destroy();
          await database.drop();
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
