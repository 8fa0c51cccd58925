import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The table a storage works on, and the client that reaches it. */
export interface DynamoDbTable {
  /** Owned by the caller: the storage never destroys it. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

// AWS's rule for table names; DynamoDB Local enforces the same minimum of 3 characters.
const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;

/** Whether a table name is one DynamoDB accepts. */
export function isValidTableName(tableName: string): boolean {
  return TABLE_NAME_PATTERN.test(tableName);
}
