import { type AttributeValue, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type JsonValue,
  ok,
  parseTenantId,
  type Storage,
  type StorageTransaction,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { inject } from 'vitest';
import { createDynamoDbStorage, type DynamoDbStorageOptions, ensureTable } from '../src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/**
 * A client for the DynamoDB Local of this run. DynamoDB Local keeps tables per access key and
 * region, so every client of a test run must use the same pair.
 */
export function localClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' },
  });
}

/** A table name no other test file uses. */
export function uniqueTableName(label: string): string {
  return `strongroom-${label}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A fresh table and a storage on it; `dispose` drops the table. */
export async function createTestStorage(
  label: string,
  options: Partial<Omit<DynamoDbStorageOptions, 'client' | 'tableName'>> = {},
): Promise<{
  client: DynamoDBClient;
  tableName: string;
  storage: Storage;
  dispose(): Promise<void>;
}> {
  const client = localClient();
  const tableName = uniqueTableName(label);
  unwrapOrThrow(await ensureTable({ client, tableName }));
  const storage = createDynamoDbStorage({ client, tableName, ...options });
  return {
    client,
    tableName,
    storage,
    async dispose() {
      await storage.close();
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

/** A tenant id no other test uses. */
export function freshTenant(label = 't'): TenantId {
  return unwrapOrThrow(parseTenantId(`${label}-${crypto.randomUUID().slice(0, 8)}`));
}

/** Runs a transaction that must commit and returns its value. */
export async function committed<T>(
  storage: Storage,
  tenantId: TenantId,
  fn: (tx: StorageTransaction) => Promise<T>,
): Promise<T> {
  return unwrapOrThrow(await storage.transaction(tenantId, async (tx) => ok(await fn(tx))));
}

/** A promise resolved from outside, to interleave two transactions in a chosen order. */
export function deferred(): { promise: Promise<void>; resolve(): void } {
  const { promise, resolve } = Promise.withResolvers<void>();
  return { promise, resolve: () => resolve() };
}

/** A field of a record body (tests read fields by name, not through the index signature). */
export function fieldOf(record: StoredRecord | undefined, name: string): JsonValue | undefined {
  return record?.data[name];
}

/** The string value of a raw item's attribute. */
export function stringAttribute(item: Record<string, AttributeValue>, name: string) {
  return item[name]?.S;
}
