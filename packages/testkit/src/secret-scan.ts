/**
 * The full-suite secret scan (`@strongroom/testkit/secret-scan`): every store a test removes and
 * every log line a test keeps are scanned for card numbers, security codes, JWTs, tokens,
 * passwords and key material, and a report after the run fails on any of them. Run your own
 * adapter's tests with it to prove your storage never holds a secret in the clear.
 *
 * @packageDocumentation
 */

export { cardNumbersIn } from './secret-scan/card-number-runs.js';
export { dynamoDbTableNames, dynamoDbTableRows } from './secret-scan/dynamodb-table-rows.js';
export { findSecretsInText } from './secret-scan/find-secrets-in-text.js';
export { type JsonMember, jsonMembersIn } from './secret-scan/json-members.js';
export { redisKeyRows, redisKeysMatching, redisRowsOf } from './secret-scan/redis-key-rows.js';
export {
  inspectPostgresDatabase,
  inspectSqlDatabase,
  removeDynamoDbTable,
  removeRedisKeys,
} from './secret-scan/remove-test-stores.js';
export { scanLogLine } from './secret-scan/scan-log-line.js';
export {
  INSPECTIONS_FOLDER,
  inspectStore,
  isSecretScanOn,
  LOGS_FOLDER,
  type LogDestination,
  logLineSink,
  recordInspection,
  type ScannedBackend,
  SECRET_SCAN_DIR_VARIABLE,
  type StoreInspection,
  secretScanDirectory,
} from './secret-scan/scan-spool.js';
export { scanStoreRows } from './secret-scan/scan-store-rows.js';
export type { SecretFinding, SecretKind } from './secret-scan/secret-finding.js';
export {
  formatSecretScanReport,
  readSecretScanReport,
  SCANNED_BACKENDS,
  type SecretScanReport,
  uncoveredBackends,
} from './secret-scan/secret-scan-report.js';
export { rowsHoldingTokenPreimages } from './secret-scan/secret-token-preimages.js';
export { type SqlQuery, sqlDatabaseRows } from './secret-scan/sql-database-rows.js';
export { STORE_ROWS_MAX, type StoreRow } from './secret-scan/store-row.js';
