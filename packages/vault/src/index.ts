/**
 * `@strongroom/vault`: keeps card data and personal fields unreadable wherever they are stored
 * (PCI DSS v4.0.1 3.2–3.7) and gives every other package its keys — a KMS port with a software
 * KMS, envelope encryption with key commitment, a data-key cache, rotation and rewrap, card
 * tokenization, field encryption with per-subject keys and blind indexes, and a secrets port.
 * @module
 */

export {
  createDataKeyCache,
  DATA_KEY_CACHE_MAX_ENTRIES_DEFAULT,
  DATA_KEY_CACHE_MAX_MESSAGES_DEFAULT,
  type DataKeyCacheOptions,
} from './cache/create-data-key-cache.js';
export type { DataKeyCache, DataKeyCacheStats, DataKeyPartition } from './cache/data-key-cache.js';
export { noDataKeyCache } from './cache/no-data-key-cache.js';
export {
  CARD_AUDIT_ACTIONS,
  CARD_AUDIT_RESOURCES,
} from './cards/card-audit.js';
export {
  BIN_RANGES,
  type BinRange,
  binLength,
  type CardBrand,
  type CardBrandRules,
  cardBrandRules,
  detectCardBrand,
  isIssuedLength,
} from './cards/card-brand.js';
export {
  MASK_CHARACTER,
  maskedPan,
  type TruncatedPan,
  truncatePan,
} from './cards/card-display.js';
export type {
  CardBatchTooLargeError,
  CardInfrastructureError,
  CardInputField,
  CardPermissionDeniedError,
  CvvNotFoundError,
  DeleteTokenError,
  DetokenizeError,
  InvalidCardError,
  TakeCvvError,
  TokenExpiredError,
  TokenizeBatchError,
  TokenizeBatchItemError,
  TokenizeCardError,
  TokenNotFoundError,
} from './cards/card-error.js';
export { type CardInput, type ValidatedCard, validateCardInput } from './cards/card-input.js';
export {
  CARD_BATCH_SIZE_MAX,
  CARD_TOKEN_LIFETIME_MAX_MS,
  CVV_TTL_DEFAULT_MS,
  CVV_TTL_MAX_MS,
  FINGERPRINT_KEY_MIN_BYTES,
  FINGERPRINT_VERSIONS_MAX,
  PURPOSE_MAX_LENGTH,
} from './cards/card-limits.js';
export {
  CARD_PERMISSIONS,
  type CardPermission,
  type CardPrincipal,
  type CardRequestContext,
} from './cards/card-permissions.js';
export { CARD_COLLECTIONS, CARD_ENVELOPE_FIELDS } from './cards/card-records.js';
export { CARD_TOKEN_RANDOM_BYTES, type CardToken, parseCardToken } from './cards/card-token.js';
export {
  CARD_KEK_DEFAULT,
  type CardVault,
  type CardVaultOptions,
  createCardVault,
} from './cards/card-vault.js';
export type { CardExpiry } from './cards/check-expiry.js';
export type {
  CardRevealLevel,
  DetokenizeOptions,
  FullCard,
  MaskedCard,
  RevealedCard,
} from './cards/detokenize-card.js';
export {
  createMemorySensitiveDataStore,
  MEMORY_SENSITIVE_DATA_ENTRIES_DEFAULT,
  type MemorySensitiveDataStoreOptions,
} from './cards/memory-sensitive-data-store.js';
export type {
  SensitiveDataStore,
  SensitiveDataStoreError,
  SensitiveDataStoreFullError,
} from './cards/sensitive-data-store.js';
export {
  createStorageSensitiveDataStore,
  SENSITIVE_DATA_SWEEP_PAGES_MAX,
  type StorageSensitiveDataStoreOptions,
} from './cards/storage-sensitive-data-store.js';
export { CARD_WRITES_PER_CARD, type TokenizedCard } from './cards/tokenize-cards.js';
export {
  createVault,
  type TenantRewrapProgress,
  VAULT_DATA_KEY_CACHE_DEFAULTS,
  VAULT_ENVELOPE_LOCATIONS,
  VAULT_SECRET_NAMES_DEFAULT,
  VAULT_SECRETS_MAX_AGE_MS_DEFAULT,
  type Vault,
  type VaultOptions,
} from './create-vault.js';
export { constantTimeEqual } from './crypto/constant-time.js';
export {
  createEnvelopeCipher,
  type DataKeyGeneratedEvent,
  dataKeyWrapContext,
  type EnvelopeCipherOptions,
  KEK_DESCRIPTION_MAX_AGE_MS,
} from './envelope/create-envelope-cipher.js';
export type {
  DecryptionFailedError,
  EnvelopeBinding,
  EnvelopeCipher,
  EnvelopeError,
  KeyVersionRetiredError,
} from './envelope/envelope-cipher.js';
export {
  ENVELOPE_COMMITMENT_BYTES,
  ENVELOPE_FORMAT_VERSION,
  ENVELOPE_MESSAGE_ID_BYTES,
  ENVELOPE_PLAINTEXT_MAX_BYTES,
  ENVELOPE_TEXT_MAX_LENGTH,
  ENVELOPE_TEXT_PREFIX,
  ENVELOPE_WRAPPED_KEY_MAX_BYTES,
  formatEnvelope,
  type ParsedEnvelope,
  parseEnvelope,
  rewrapEnvelope,
} from './envelope/envelope-format.js';
export {
  ENVELOPE_BINDING_PART_MAX_BYTES,
  openEnvelope,
  type SealEnvelopeInput,
  sealEnvelope,
} from './envelope/envelope-seal.js';
export { BLIND_INDEX_KEY_MIN_BYTES } from './fields/blind-index.js';
export {
  type BlindIndexInput,
  createFieldEncryption,
  FIELDS_KEK_DEFAULT,
  type FieldEncryption,
  type FieldEncryptionDeps,
  type FieldLocation,
} from './fields/field-encryption.js';
export type {
  BlindIndexError,
  FieldEncryptionError,
  SubjectErasedError,
  SubjectErasureError,
  SubjectKeyNotFoundError,
} from './fields/field-error.js';
export {
  FIELD_NAME_PATTERN,
  FIELD_VALUE_MAX_BYTES,
  SUBJECT_ID_PATTERN,
} from './fields/field-input.js';
export {
  SUBJECT_KEY_CACHE_DEFAULTS,
  type SubjectKeyCacheLimits,
} from './fields/subject-key-cache.js';
export {
  SUBJECT_KEY_COLLECTIONS,
  SUBJECT_KEY_WRAPPING_ID,
} from './fields/subject-key-record.js';
export type { SubjectErasure } from './fields/subject-keys.js';
export { checkDecryptionVersion } from './keys/check-decryption-version.js';
export {
  createKeyManager,
  type EnvelopeRewrapOptions,
  KEY_USAGE_TENANTS_MAX,
  type KeyManager,
  type KeyManagerDeps,
  type KeyUsageScope,
  type RewrapRunOptions,
  type RotateIfDueOutcome,
} from './keys/key-manager.js';
export type {
  KeyManagementError,
  RewrapJobBusyError,
  RewrapJobError,
  RewrapJobMismatchError,
} from './keys/key-manager-error.js';
export type { KeyPolicies, KeyPolicy } from './keys/key-policy.js';
export type {
  KeyDescription,
  KeyVersionState,
  KeyVersionStatus,
  RotationReason,
} from './keys/key-status.js';
export { KEY_USAGE_COLLECTION, KEY_USAGE_PENDING_MAX } from './keys/key-usage.js';
export type { RewrapBudget } from './keys/rewrap-job.js';
export {
  REWRAP_JOBS_COLLECTION,
  type RewrapCursor,
  type RewrapLocation,
  type RewrapProgress,
} from './keys/rewrap-job-state.js';
export { checkKekName, KEK_NAME_PATTERN, RESERVED_KEK_NAMES } from './kms/kek-name.js';
export {
  DATA_KEY_BYTES,
  type DataKey,
  type KekDescription,
  type KekVersionDescription,
  type Kms,
  type WrapContext,
  type WrappedKey,
} from './kms/kms.js';
export type {
  KmsError,
  KmsInvalidRequestError,
  KmsKeyNotFoundError,
  KmsKeyVersionNotFoundError,
  KmsUnwrapFailedError,
} from './kms/kms-error.js';
export {
  formatSoftwareKeyring,
  generateSoftwareKeyring,
  parseSoftwareKeyring,
  SOFTWARE_KEYRING_FORMAT,
  SOFTWARE_KEYRING_MAX_KEYS,
  SOFTWARE_KEYRING_MAX_VERSIONS,
  SOFTWARE_KEYRING_TEXT_MAX_LENGTH,
  type SoftwareKeyring,
  type SoftwareKeyringError,
  type SoftwareKeyVersion,
  softwareKeyringFromEnvironment,
} from './kms/software-keyring.js';
export {
  createSoftwareKms,
  SOFTWARE_WRAPPED_KEY_BYTES,
  type SoftwareKmsOptions,
} from './kms/software-kms.js';
export {
  encodeWrapContext,
  WRAP_CONTEXT_KEY_PATTERN,
  WRAP_CONTEXT_MAX_ENTRIES,
  WRAP_CONTEXT_VALUE_MAX_BYTES,
} from './kms/wrap-context.js';
export {
  type CachedSecretProviderOptions,
  cachedSecretProvider,
} from './secrets/cached-secret-provider.js';
export {
  createEnvironmentSecretProvider,
  type EnvironmentSecretProviderOptions,
  SECRET_ENVIRONMENT_PREFIX,
  secretEnvironmentVariable,
} from './secrets/environment-secret-provider.js';
export {
  parseVersionedSecret,
  SECRET_VALUE_MAX_BYTES,
  SECRET_VALUE_MIN_BYTES,
  VERSIONED_SECRET_MAX_VERSIONS,
  VERSIONED_SECRET_TEXT_MAX_LENGTH,
} from './secrets/parse-versioned-secret.js';
export { checkSecretName, SECRET_NAME_PATTERN } from './secrets/secret-name.js';
export type {
  MalformedSecretError,
  SecretError,
  SecretNotFoundError,
  SecretProvider,
  SecretVersion,
  VersionedSecret,
} from './secrets/secret-provider.js';
