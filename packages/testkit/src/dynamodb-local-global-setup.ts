import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { dynamoDbTableNames, dynamoDbTableRows } from './secret-scan/dynamodb-table-rows.js';
import { inspectStore, isSecretScanOn } from './secret-scan/scan-spool.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The DynamoDB Local endpoint of this test run; read it with `inject('dynamoDbEndpoint')`. */
    dynamoDbEndpoint: string;
  }
}

/** Inspects every table the project's tests left behind, before the in-memory emulator stops. */
async function inspectLeftTables(endpoint: string): Promise<void> {
  // The access key and region every test client of the repository uses (see test/backends.ts).
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
  });
  try {
    for (const tableName of await dynamoDbTableNames(client)) {
      const store = `${tableName} (left after the run)`;
      await inspectStore('dynamodb-local', store, () => dynamoDbTableRows(client, tableName));
    }
  } finally {
    client.destroy();
  }
}

/**
 * Vitest `globalSetup`: one DynamoDB Local per test project, its endpoint provided to the tests as
 * `dynamoDbEndpoint`, stopped when the project's tests are done; in a scanning run, the tables
 * left in it are inspected first.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const local = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', local.endpoint);
  return async () => {
    try {
      if (isSecretScanOn()) await inspectLeftTables(local.endpoint);
    } finally {
      await local.stop();
    }
  };
}
