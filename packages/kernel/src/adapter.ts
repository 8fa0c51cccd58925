/**
 * `@strongroom/kernel/adapter`: the toolkit for writing a storage adapter. Domain code never
 * imports this entry; it may use host APIs (`AsyncLocalStorage`) that the main entry avoids.
 * @module
 */
export {
  type CreateStorageOptions,
  createStorage,
  type StorageDriver,
} from './adapter/create-storage.js';
export {
  type EventRow,
  eventRowByteLength,
  fromEventRow,
  toEventRow,
} from './adapter/event-row.js';
export {
  assertDeleteVersion,
  assertExpectedVersion,
  assertRecordKey,
} from './adapter/record-key.js';
export {
  assertRetryPolicy,
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  RETRY_ATTEMPTS_MAX,
  type RetryPolicy,
} from './adapter/retry-policy.js';
export { conflict, StorageFailure, versionMismatch } from './adapter/storage-failure.js';
export { WriteBudget } from './adapter/write-budget.js';
