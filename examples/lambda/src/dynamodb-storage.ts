import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbStorage } from '@strongroom/dynamodb';
import type { Storage } from '@strongroom/kernel';
import type { LambdaConfig } from './lambda-config.js';

/**
 * The credentials every client of DynamoDB Local uses. It accepts any, but keeps its tables per
 * access key and Region, so `local.ts`, the tests and the testkit must all present the same pair.
 * A new object each time: the AWS SDK writes its own bookkeeping into the object it is given.
 */
export function dynamoDbLocalCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: 'strongroom', secretAccessKey: 'strongroom' };
}

/** The storage on the configured table, and the client it runs on (the storage never destroys it). */
export interface OpenedStorage {
  readonly client: DynamoDBClient;
  readonly storage: Storage;
}

/**
 * A DynamoDB client for the configured Region (on Lambda, credentials come from the function's
 * role), or for DynamoDB Local when `DYNAMODB_ENDPOINT` is set.
 */
export function createDynamoDbClient(config: LambdaConfig): DynamoDBClient {
  const { endpoint } = config.dynamoDb;
  return new DynamoDBClient({
    region: config.region,
    ...(endpoint === undefined ? {} : { endpoint, credentials: dynamoDbLocalCredentials() }),
  });
}

/**
 * Strongroom's storage on the configured single table. The table itself is the deployment's
 * (template.yaml) or `ensureTable`'s (local runs): a request path never creates tables.
 */
export function openDynamoDbStorage(config: LambdaConfig): OpenedStorage {
  const client = createDynamoDbClient(config);
  return {
    client,
    storage: createDynamoDbStorage({ client, tableName: config.dynamoDb.tableName }),
  };
}
