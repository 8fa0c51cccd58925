/**
 * `@strongroom/dynamodb`: the Strongroom storage port on one DynamoDB table, with tenant-prefixed
 * keys and optimistic transactions committed by `TransactWriteItems` (AWS SDK v3).
 * @module
 */
export { DYNAMODB_DEFAULT_LIMITS } from './dynamodb-limits.js';
export { createDynamoDbStorage, type DynamoDbStorageOptions } from './dynamodb-storage.js';
export type { DynamoDbTable } from './dynamodb-table.js';
export { type EnsureTableOptions, ensureTable } from './ensure-table.js';
