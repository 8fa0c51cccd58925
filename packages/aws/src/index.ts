/**
 * `@strongroom/aws`: AWS adapters for the vault's ports — AWS KMS behind the KMS port (one KMS
 * key per KEK version, named by alias) and AWS Secrets Manager behind the secrets port.
 * @module
 */
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
