/**
 * `@strongroom/aws`: AWS adapters for the vault's ports — AWS KMS behind the KMS port (one KMS
 * key per KEK version, named by alias), AWS Secrets Manager behind the secrets port, and an
 * EventBridge publisher for the outbox relay.
 * @module
 */

export {
  EVENTBRIDGE_ENTRY_SIZE_MAX_BYTES,
  eventBridgeEntrySizeBytes,
} from './eventbridge/eventbridge-entry-size.js';
export {
  createEventBridgePublisher,
  EVENTBRIDGE_BATCH_SIZE_MAX,
  EVENTBRIDGE_DETAIL_TYPE_MAX_LENGTH,
  EVENTBRIDGE_SOURCE_MAX_LENGTH,
  type EventBridgePublisherOptions,
} from './eventbridge/eventbridge-publisher.js';
export {
  AWS_KMS_DEFAULT_VERSION_CACHE_MS,
  type AwsKmsOptions,
  createAwsKms,
} from './kms/aws-kms.js';
export { AWS_KMS_MAX_VERSIONS, DEFAULT_KEK_ALIAS_PREFIX } from './kms/kek-aliases.js';
export { MAX_ALIAS_PAGES } from './kms/list-kek-versions.js';
export {
  createSecretsManagerSecretProvider,
  DEFAULT_SECRET_NAME_PREFIX,
  type SecretsManagerSecretProviderOptions,
} from './secrets/secrets-manager-secret-provider.js';
