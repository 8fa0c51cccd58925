import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '@strongroom/dynamodb';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresKysely, migrateToLatest } from '@strongroom/postgres';
import pg from 'pg';
import { inspectPostgresDatabase, removeDynamoDbTable } from '../../src/secret-scan.js';
import type { StoreLocation } from './scale-out-config.js';

const POSTGRES_ADMIN_URL =
  process.env['STRONGROOM_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A store created for one run, and how to remove it. */
export interface CreatedStore {
  readonly location: StoreLocation;
  dispose(): Promise<void>;
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

/** A fresh Postgres database, migrated, dropped (with any connection left) on dispose. */
export async function createPostgresDatabase(): Promise<CreatedStore> {
  const name = `sr_scale_out_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await asPostgresAdmin(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = createPostgresKysely({ connectionString: url.toString(), maxConnections: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return {
    location: { kind: 'postgres', url: url.toString() },
    async dispose() {
      await inspectPostgresDatabase(name, url.toString());
      await asPostgresAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A client of DynamoDB Local, which keeps tables per access key and region: every process uses this pair. */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
  });
}

/** A fresh table on DynamoDB Local, deleted on dispose. */
export async function createDynamoDbTable(endpoint: string): Promise<CreatedStore> {
  const client = localDynamoDbClient(endpoint);
  const tableName = `scale-out-${crypto.randomUUID()}`;
  unwrapOrThrow(await ensureTable({ client, tableName }));
  return {
    location: { kind: 'dynamodb', endpoint, tableName },
    async dispose() {
      try {
        await removeDynamoDbTable(client, tableName);
      } finally {
        client.destroy();
      }
    },
  };
}
