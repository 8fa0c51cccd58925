import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { assert, err, type Result } from '@strongroom/kernel';
import {
  checkSecretName,
  parseVersionedSecret,
  type SecretError,
  type SecretProvider,
  type VersionedSecret,
} from '@strongroom/vault';
import { awsInfrastructureError, readAwsFault, unexpectedAnswer } from '../aws-failure.js';

/** Where secrets live unless told otherwise: `strongroom/<name>`. */
export const DEFAULT_SECRET_NAME_PREFIX = 'strongroom/';

/** What {@link createSecretsManagerSecretProvider} needs. */
export interface SecretsManagerSecretProviderOptions {
  /** The caller's client (region, credentials, retries); the provider never destroys it. */
  readonly client: SecretsManagerClient;
  /** Prepended to every secret name; `strongroom/` by default. */
  readonly prefix?: string;
}

// Secrets Manager names: letters, digits and /_+=.@- up to 512 characters.
const PREFIX_PATTERN = /^[a-zA-Z0-9/_+=.@-]{0,256}$/;
const OPERATION = 'aws_secrets_manager.get_secret_value';

/**
 * The vault's secrets port on AWS Secrets Manager: `get('jwt-signing')` reads the current value
 * (`AWSCURRENT`) of `<prefix>jwt-signing`, a `SecretString` in the vault's versioned format, so a
 * rotation adds a version to that JSON and keeps the old ones verifying until they are dropped.
 * Every `get` is one `GetSecretValue` call: wrap the provider in the vault's cache for hot paths.
 */
export function createSecretsManagerSecretProvider(
  options: SecretsManagerSecretProviderOptions,
): SecretProvider {
  const { client } = options;
  const prefix = options.prefix ?? DEFAULT_SECRET_NAME_PREFIX;
  assert(PREFIX_PATTERN.test(prefix), 'prefix is up to 256 of [a-zA-Z0-9/_+=.@-]');
  return {
    async get(name): Promise<Result<VersionedSecret, SecretError>> {
      const checked = checkSecretName(name);
      if (checked.isErr()) return err(checked.error);
      let secretString: string | undefined;
      try {
        const answer = await client.send(new GetSecretValueCommand({ SecretId: prefix + name }));
        secretString = answer.SecretString;
        if (secretString === undefined && answer.SecretBinary === undefined) {
          return err(unexpectedAnswer('Secrets Manager', OPERATION));
        }
      } catch (error) {
        const fault = readAwsFault(error);
        if (fault === undefined) throw error;
        if (fault.kind === 'service' && fault.name === 'ResourceNotFoundException') {
          return err({ type: 'secrets.not_found', name });
        }
        return err(awsInfrastructureError('Secrets Manager', OPERATION, fault));
      }
      // A binary secret is not in the versioned format, which is text.
      if (secretString === undefined) {
        return err({ type: 'secrets.malformed', name, reason: 'not_text' });
      }
      return parseVersionedSecret(name, secretString);
    },
  };
}
