import { assert, err, type Result } from '@strongroom/kernel';
import { parseVersionedSecret } from './parse-versioned-secret.js';
import { checkSecretName } from './secret-name.js';
import type { SecretError, SecretProvider, VersionedSecret } from './secret-provider.js';

/** The default prefix of secret environment variables. */
export const SECRET_ENVIRONMENT_PREFIX = 'STRONGROOM_SECRET_';

const PREFIX_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

/** Options of {@link createEnvironmentSecretProvider}. */
export interface EnvironmentSecretProviderOptions {
  /** Prepended to the upper-cased name; {@link SECRET_ENVIRONMENT_PREFIX} by default. */
  readonly prefix?: string;
}

/** The variable holding a secret: `jwt-signing` → `STRONGROOM_SECRET_JWT_SIGNING`. */
export function secretEnvironmentVariable(
  name: string,
  prefix = SECRET_ENVIRONMENT_PREFIX,
): string {
  return prefix + name.toUpperCase().replaceAll('-', '_');
}

/**
 * Secrets from environment variables, each holding the versioned JSON that
 * {@link parseVersionedSecret} reads. The environment is read at every `get`, so a test or a
 * supervisor that changes the object passed in is seen; a process's real environment only changes
 * on restart, so rotating there means a rolling restart.
 */
export function createEnvironmentSecretProvider(
  environment: Readonly<Record<string, string | undefined>>,
  options: EnvironmentSecretProviderOptions = {},
): SecretProvider {
  const prefix = options.prefix ?? SECRET_ENVIRONMENT_PREFIX;
  assert(PREFIX_PATTERN.test(prefix), 'the prefix is an upper-case environment variable name');
  return {
    async get(name): Promise<Result<VersionedSecret, SecretError>> {
      const checked = checkSecretName(name);
      if (checked.isErr()) return err(checked.error);
      const text = environment[secretEnvironmentVariable(name, prefix)];
      if (text === undefined || text === '') return err({ type: 'secrets.not_found', name });
      return parseVersionedSecret(name, text);
    },
  };
}
