import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '@strongroom/dynamodb';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createPostgresKysely, migrateToLatest } from '@strongroom/postgres';
import { createScratchPostgresDatabase } from '../../src/postgres-server.js';
import { inspectPostgresDatabase, removeDynamoDbTable } from '../../src/secret-scan.js';
import type { StoreLocation } from './scale-out-config.js';

/** A store created for one run, and how to remove it. */
export interface CreatedStore {
  readonly location: StoreLocation;
  dispose(): Promise<void>;
}

/** A fresh Postgres database, migrated, dropped (with any connection left) on dispose. */
export async function createPostgresDatabase(): Promise<CreatedStore> {
  const database = await createScratchPostgresDatabase('sr_scale_out');
  const db = createPostgresKysely({ connectionString: database.url, maxConnections: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return {
    location: { kind: 'postgres', url: database.url },
    async dispose() {
      await inspectPostgresDatabase(database.name, database.url);
      await database.drop();
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
