import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createDynamoDbStorage, ensureTable } from '@strongroom/dynamodb';
import { createMemoryStorage } from '@strongroom/memory';
import { inject } from 'vitest';
import type { StorageBackend } from '../src/index.js';

const memory: StorageBackend = {
  name: 'memory',
  async create() {
    const storage = createMemoryStorage();
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
export const BACKENDS: readonly StorageBackend[] = [memory, dynamoDb];
