import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbStorage, ensureTable } from '@strongroom/dynamodb';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { StorageBackend } from '../src/index.js';

const POSTGRES_ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function asPostgresAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const memory: StorageBackend = {
  name: 'memory',
  async create() {
    const storage = createMemoryStorage();
    return { storage, dispose: () => storage.close() };
  },
};

const postgresServer: StorageBackend = {
  name: 'postgres',
  async create() {
    // A database of its own, dropped afterwards; every transaction runs as the non-superuser
    // `strongroom_app` role, so row-level security applies although we connect as a superuser.
    const name = `sr_conformance_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    await asPostgresAdmin(`create database ${name}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    const db = createPostgresKysely({ connectionString: url.toString(), maxConnections: 8 });
    await migrateToLatest(db);
    const storage = createPostgresStorage({ db });
    return {
      storage,
      async dispose() {
        await storage.close();
        await db.destroy();
        await asPostgresAdmin(`drop database if exists ${name} with (force)`);
      },
    };
  },
};

const pglite: StorageBackend = {
  name: 'pglite',
  async create() {
    const storage = await createPGliteStorage();
    return { storage, dispose: () => storage.close() };
  },
};

const dynamoDb: StorageBackend = {
  name: 'dynamodb-local',
  async create() {
    // DynamoDB Local keeps tables per access key and region: every client of a run uses this pair.
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
    });
    const tableName = `conformance-${crypto.randomUUID()}`;
    unwrapOrThrow(await ensureTable({ client, tableName }));
    const storage = createDynamoDbStorage({ client, tableName });
    return {
      storage,
      async dispose() {
        await storage.close();
        await client.send(new DeleteTableCommand({ TableName: tableName }));
        client.destroy();
      },
    };
  },
};

/**
 * The backends every conformance suite runs on, like kysely's `DIALECTS`: memory, a Postgres
 * server, embedded PGlite and DynamoDB Local.
 */
export const BACKENDS: readonly StorageBackend[] = [memory, postgresServer, pglite, dynamoDb];
