import { ensureTable } from '@strongroom/dynamodb';
import { unwrapOrThrow } from '@strongroom/kernel';
import { createRedisClient } from '@strongroom/redis';
import { removeDynamoDbTable, removeRedisKeys } from '@strongroom/testkit/secret-scan';
import { inject } from 'vitest';
import { createDynamoDbClient } from '../../src/dynamodb-storage.js';
import { generatedSecretsEnvironment } from '../../src/generated-secrets.js';
import { readLambdaConfig } from '../../src/lambda-config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/** The local Redis every test of the repository uses. */
const REDIS_URL = process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A fresh table in DynamoDB Local and a Redis key prefix of its own, and how to remove both. */
export interface TestEnvironment {
  /** The Lambda's variables for them, with fresh keys; add or override what a test needs. */
  readonly variables: Record<string, string>;
  /** Drops the table and deletes every Redis key under the prefix. */
  dispose(): Promise<void>;
}

async function removeRedisKeyPrefix(prefix: string): Promise<void> {
  const client = unwrapOrThrow(await createRedisClient({ url: REDIS_URL }));
  try {
    await removeRedisKeys(client, prefix);
  } finally {
    await client.quit();
  }
}

/**
 * Creates a table of its own in this run's DynamoDB Local (`ensureTable`, as `local.ts` does) and
 * picks a Redis key prefix of its own, so test files never see each other's data.
 */
export async function createTestEnvironment(label: string): Promise<TestEnvironment> {
  const unique = crypto.randomUUID().slice(0, 8);
  const tableName = `strongroom-lambda-${label}-${unique}`;
  const redisKeyPrefix = `strongroom-lambda-test-${unique}:`;
  const variables: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    DYNAMODB_TABLE: tableName,
    DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
    REDIS_URL,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    ...generatedSecretsEnvironment(),
  };
  const client = createDynamoDbClient(readLambdaConfig(variables));
  unwrapOrThrow(await ensureTable({ client, tableName }));
  return {
    variables,
    async dispose() {
      try {
        await removeDynamoDbTable(client, tableName);
      } finally {
        client.destroy();
        await removeRedisKeyPrefix(redisKeyPrefix);
      }
    },
  };
}
