/**
 * `@strongroom/kernel`: the vocabulary every Strongroom package shares — money, ids, time,
 * tenancy, errors, and the storage port with its outbox.
 * @module
 */

export {
  type RunningTenantLoop,
  startTenantLoop,
  type TenantLoopOptions,
  type TenantLoopSchedule,
  type TenantWorkOutcome,
} from './background/tenant-loop.js';
export {
  type AutoBatcher,
  type AutoBatcherOptions,
  createAutoBatcher,
} from './batching/auto-batcher.js';
export {
  type StoreCallSize,
  shareStoreTransactions,
} from './batching/shared-store-transactions.js';
export { assertCacheEntry, assertCacheKey } from './cache/assert-cache-entry.js';
export { BoundedCache, type BoundedCacheLimits } from './cache/bounded-cache.js';
export {
  expiresAtMsOf,
  PURGE_PAGES_MAX,
  type PurgeReport,
  type PurgeRequest,
  purgeExpiredRecords,
} from './cache/expiring-records.js';
export {
  CACHE_KEY_MAX_LENGTH,
  CACHE_TTL_MAX_MS,
  CACHE_VALUE_MAX_BYTES,
  type KeyValueCache,
} from './cache/key-value-cache.js';
export { isStorableText } from './cache/storable-text.js';
export {
  createStorageCache,
  type StorageCacheOptions,
  type StorageKeyValueCache,
} from './cache/storage-cache.js';
export { runStoreTransaction, toStoreFault } from './cache/store-transaction.js';
export { containsCardNumber, isLuhnValid, redactCardNumbers } from './cards/card-number.js';
export { type Clock, systemClock } from './clock/clock.js';
export { FakeClock } from './clock/fake-clock.js';
export { AssertionFailure, assert, assertNever } from './errors/assert.js';
export type { DomainError } from './errors/domain-error.js';
export { type InfrastructureError, infrastructureError } from './errors/infrastructure-error.js';
export {
  combineAll,
  err,
  errAsync,
  fromTypedPromise,
  ok,
  okAsync,
  Result,
  ResultAsync,
  toThrowable,
  unwrapOrThrow,
} from './errors/result.js';
export { type ValidationError, validationError } from './errors/validation-error.js';
export type { EventEnvelope } from './events/event-envelope.js';
export {
  type EventJson,
  eventFromJson,
  eventToJson,
  type LaterEventField,
  type StoredEventJson,
} from './events/event-json.js';
export {
  assertIdempotencyClaim,
  assertIdempotencyKey,
  assertIdempotencyLeaseId,
} from './idempotency/assert-idempotency.js';
export {
  IDEMPOTENCY_FINGERPRINT_MAX_LENGTH,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_LEASE_ID_MAX_LENGTH,
  IDEMPOTENCY_LEASE_MAX_MS,
  IDEMPOTENCY_TTL_MAX_MS,
  type IdempotencyClaim,
  type IdempotencyClaimOptions,
  type IdempotencyStore,
} from './idempotency/idempotency-store.js';
export {
  createStorageIdempotencyStore,
  type StorageIdempotencyStore,
  type StorageIdempotencyStoreOptions,
} from './idempotency/storage-idempotency-store.js';
export {
  assertStoredResponse,
  IDEMPOTENT_RESPONSE_MAX_BYTES,
  type StoredResponse,
  storedResponseFits,
  storedResponseJson,
} from './idempotency/stored-response.js';
export {
  cardSafeIds,
  type IdGenerator,
  resolveIdGenerator,
  typeIdGenerator,
} from './ids/id-generator.js';
export { ID_PREFIXES, type Id, type IdPrefix, isValidIdPrefix, parseId } from './ids/type-id.js';
export { type JsonObject, type JsonValue, jsonByteLength } from './json/json-value.js';
export { ALLOCATION_RATIOS_MAX, allocateMoney } from './money/allocate.js';
export {
  type Currency,
  currencyExponent,
  currencyNumericCode,
  parseCurrency,
} from './money/currency.js';
export { formatMoney } from './money/format-money.js';
export { ISO_4217_CURRENCIES, ISO_4217_EDITION, type Iso4217Currency } from './money/iso-4217.js';
export {
  MONEY_MAX_MINOR_UNITS,
  type Money,
  moneyFromMinorUnits,
  zeroMoney,
} from './money/money.js';
export {
  absoluteMoney,
  addMoney,
  compareMoney,
  isMoneyNegative,
  isMoneyPositive,
  isMoneyZero,
  maximumMoney,
  minimumMoney,
  moneyEquals,
  negateMoney,
  subtractMoney,
} from './money/money-arithmetic.js';
export type {
  CurrencyMismatchError,
  InvalidAmountError,
  InvalidAmountReason,
  InvalidRatiosError,
  InvalidRatiosReason,
  MoneyError,
  MoneyOutOfRangeError,
  UnknownCurrencyError,
  UnknownCurrencyReason,
} from './money/money-error.js';
export { type MoneyWire, moneyFromWire, moneyToWire } from './money/money-wire.js';
export { MONEY_AMOUNT_MAX_LENGTH, parseMoney } from './money/parse-money.js';
export {
  assertRateLimitKey,
  assertRateLimitPoints,
  assertRateLimitPolicy,
} from './rate-limit/assert-rate-limit.js';
export { consumeEach } from './rate-limit/consume-each.js';
export type { LimiterSettings } from './rate-limit/limiter-settings.js';
export { policyLimiters, RATE_LIMIT_POLICIES_MAX } from './rate-limit/policy-limiters.js';
export {
  createProcessRateLimiter,
  PROCESS_RATE_LIMIT_KEYS_MAX_DEFAULT,
  type ProcessRateLimiterOptions,
} from './rate-limit/process-rate-limiter.js';
export {
  consumptionDecision,
  degradedRateLimitDecision,
  type RateLimiterAnswer,
  rateLimitDecision,
} from './rate-limit/rate-limit-decision.js';
export {
  RATE_LIMIT_CONSUMPTIONS_MAX,
  RATE_LIMIT_KEY_MAX_LENGTH,
  RATE_LIMIT_POLICY_NAME_MAX_LENGTH,
  RATE_LIMIT_POLICY_NAME_PATTERN,
  type RateLimitConsumption,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitFailMode,
  type RateLimitPolicy,
} from './rate-limit/rate-limiter.js';
export {
  createStorageRateLimiter,
  type StorageRateLimiter,
  type StorageRateLimiterOptions,
} from './rate-limit/storage-rate-limiter.js';
export type { OutboxStore } from './storage/outbox.js';
export {
  type Cursor,
  decodeCursor,
  encodeCursor,
  PAGE_LIMIT_MAX,
  type Page,
  type PageRequest,
  parsePageRequest,
} from './storage/pagination.js';
export {
  COALESCED_CALLS_PER_READ_DEFAULT,
  COALESCER_LIMIT_MAX,
  type CoalescedRead,
  createRecordReadCoalescer,
  type RecordReadCoalescer,
  type RecordReadCoalescerOptions,
} from './storage/record-read-coalescer.js';
export {
  COLLECTION_NAME_PATTERN,
  RECORD_ID_MAX_LENGTH,
  type RecordDelete,
  type RecordReadOptions,
  type RecordStore,
  type RecordWrite,
  type StoredRecord,
} from './storage/records.js';
export type {
  Storage,
  StorageCapabilities,
  StorageLimits,
  StorageTransaction,
  TransactionFunction,
  TransactionIsolation,
  TransactionOptions,
} from './storage/storage.js';
export type {
  LimitExceededError,
  NestedTransactionError,
  StorageError,
  StorageLimitName,
  TransactionConflictError,
  VersionMismatchError,
} from './storage/storage-error.js';
export { parseTenantId, TENANT_ID_MAX_LENGTH, type TenantId } from './tenant/tenant-id.js';
