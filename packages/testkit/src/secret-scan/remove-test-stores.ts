import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { dynamoDbTableRows } from './dynamodb-table-rows.js';
import { redisKeysMatching, redisRowsOf } from './redis-key-rows.js';
import { inspectStore, type ScannedBackend } from './scan-spool.js';
import { type SqlQuery, sqlDatabaseRows } from './sql-database-rows.js';

// Keys deleted per DEL command: bounded so one command never carries a huge argument list.
const DELETE_BATCH_KEYS = 500;

/** Inspects a Postgres or PGlite database a test is about to drop or close (when scanning). */
export function inspectSqlDatabase(
  backend: Extract<ScannedBackend, 'postgres' | 'pglite'>,
  store: string,
  query: SqlQuery,
): Promise<void> {
  return inspectStore(backend, store, () => sqlDatabaseRows(query));
}

/**
 * Inspects a database on a Postgres server (when scanning) through one connection of its own as
 * the given user, a superuser so that row-level security hides nothing; connects only when the
 * scan is on.
 */
export function inspectPostgresDatabase(store: string, connectionString: string): Promise<void> {
  return inspectStore('postgres', store, async () => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await sqlDatabaseRows((statement) => client.query(statement));
    } finally {
      await client.end();
    }
  });
}

/** Inspects a DynamoDB table (when scanning), then deletes it. */
export async function removeDynamoDbTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<void> {
  await inspectStore('dynamodb-local', tableName, () => dynamoDbTableRows(client, tableName));
  await client.send(new DeleteTableCommand({ TableName: tableName }));
}

/** Inspects the keys under a test's prefix (when scanning), then deletes them. */
export async function removeRedisKeys(client: Redis, keyPrefix: string): Promise<void> {
  const pattern = `${keyPrefix}*`;
  // One SCAN serves both: the keys inspected are the keys deleted.
  const keys = await redisKeysMatching(client, pattern);
  await inspectStore('redis', `keys ${pattern}`, () => redisRowsOf(client, keys));
  for (let start = 0; start < keys.length; start += DELETE_BATCH_KEYS) {
    await client.del(...keys.slice(start, start + DELETE_BATCH_KEYS));
  }
}
