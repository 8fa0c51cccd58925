import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSecretsManagerSecretProvider } from '@strongroom/aws';
import {
  createEnvironmentSecretProvider,
  type SecretProvider,
  VAULT_SECRET_NAMES_DEFAULT,
} from '@strongroom/vault';
import type { LambdaConfig } from './lambda-config.js';

/** Bytes of an audit master seed (an Ed25519 seed). */
const AUDIT_SEED_BYTES = 32;

/**
 * The secrets port of the configuration: AWS Secrets Manager under
 * `STRONGROOM_SECRETS_MANAGER_PREFIX` (`strongroom/card-fingerprint`, …), else the
 * `STRONGROOM_SECRET_<NAME>` variables. Either way a secret is the vault's versioned JSON.
 */
export function createLambdaSecretProvider(config: LambdaConfig): SecretProvider {
  const { secrets } = config;
  if (secrets.kind === 'environment') return createEnvironmentSecretProvider(secrets.variables);
  return createSecretsManagerSecretProvider({
    client: new SecretsManagerClient({ region: config.region }),
    prefix: secrets.prefix,
  });
}

async function readSecret(secrets: SecretProvider, name: string) {
  const secret = await secrets.get(name);
  // The error's type and reason never carry the value; the name says where to look.
  if (secret.isErr()) {
    const reason = 'reason' in secret.error ? ` (${secret.error.reason})` : '';
    throw new Error(`the secret "${name}" is not usable: ${secret.error.type}${reason}`);
  }
  return secret.value;
}

/**
 * Checks that the vault's secrets (`card-fingerprint`, `blind-index`) are readable, so a missing
 * one stops the cold start with its name instead of failing the first card or lookup.
 */
export async function requireVaultSecrets(secrets: SecretProvider): Promise<void> {
  for (const name of Object.values(VAULT_SECRET_NAMES_DEFAULT)) await readSecret(secrets, name);
}

/**
 * Reads the audit log's master seeds from the secret `name`, newest version first, so a rotation
 * signs with the new seed and the old one until the old is dropped.
 */
export async function readAuditSeeds(secrets: SecretProvider, name: string): Promise<Uint8Array[]> {
  const seed = await readSecret(secrets, name);
  if (seed.versions.some((version) => version.value.byteLength !== AUDIT_SEED_BYTES))
    throw new Error(`the secret "${name}" is not usable: every version must be 32 bytes`);
  return seed.versions.map((version) => version.value);
}
