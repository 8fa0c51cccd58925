/**
 * `@strongroom/testkit`: conformance suites for every Strongroom port, run over a list of backends,
 * and the fixtures they use. Third-party adapters run the same suites.
 * @module
 */

export { describeAuditConformance } from './audit/describe-audit-conformance.js';
export { describeKeyValueCacheConformance } from './cache/describe-key-value-cache-conformance.js';
export type {
  KeyValueCacheBackend,
  KeyValueCacheUnderTest,
} from './cache/key-value-cache-backend.js';
export { type Deferred, deferred } from './deferred.js';
export { describeDisputesConformance } from './disputes/describe-disputes-conformance.js';
export type { DisputesSuiteContext } from './disputes/disputes-suite-context.js';
export {
  createSuiteDisputes,
  DISPUTES_SUITE_START,
  SUITE_DISPUTE_FEE_MINOR,
  SUITE_PAYMENT_MINOR,
  type SuiteDisputeAccounts,
  type SuiteDisputes,
} from './disputes/suite-disputes.js';
export { type DynamoDbLocal, dynamoDbLocalFolder, startDynamoDbLocal } from './dynamodb-local.js';
export {
  type CounterCommand,
  type CounterError,
  type CounterEvent,
  type CounterState,
  counterDecider,
} from './events/counter-decider.js';
export {
  type DeciderGiven,
  type DeciderThen,
  type DeciderWhen,
  deciderSpecification,
} from './events/decider-specification.js';
export { describeEventsConformance } from './events/describe-events-conformance.js';
export type { EventsSuiteContext } from './events/events-suite-context.js';
export { freshTenantId, sampleEvent } from './fixtures.js';
export { describeIdempotencyStoreConformance } from './idempotency/describe-idempotency-store-conformance.js';
export type {
  IdempotencyStoreBackend,
  IdempotencyStoreUnderTest,
} from './idempotency/idempotency-store-backend.js';
export { describeIdentityConformance } from './identity/describe-identity-conformance.js';
export {
  SUITE_ARGON2_PARAMETERS,
  SUITE_RATE_LIMIT_POINTS,
  SUITE_RATE_LIMITS,
} from './identity/suite-identity.js';
export { describeKmsConformance } from './kms/describe-kms-conformance.js';
export type { KmsBackend, KmsUnderTest } from './kms/kms-backend.js';
export { describeLedgerConformance } from './ledger/describe-ledger-conformance.js';
export { describeRateLimiterConformance } from './rate-limit/describe-rate-limiter-conformance.js';
export type {
  RateLimiterBackend,
  RateLimiterUnderTest,
} from './rate-limit/rate-limiter-backend.js';
export { describeRevocationListConformance } from './revocation/describe-revocation-list-conformance.js';
export type {
  RevocationListBackend,
  RevocationListUnderTest,
} from './revocation/revocation-list-backend.js';
export { countingStorage, type TransactionCounts } from './storage/counting-storage.js';
export { describeStorageConformance } from './storage/describe-storage-conformance.js';
export type { RecordTamperer } from './storage/record-tamperer.js';
export type { StorageBackend, StorageUnderTest } from './storage/storage-backend.js';
export type {
  StoreUnderTest,
  TimedStoreBackend,
  TimedStoreBackendOptions,
} from './timed-store/timed-store-backend.js';
export { describeVaultConformance } from './vault/describe-vault-conformance.js';
