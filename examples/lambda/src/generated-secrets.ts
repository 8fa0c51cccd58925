import { systemClock } from '@strongroom/kernel';
import {
  formatSoftwareKeyring,
  generateSoftwareKeyring,
  secretEnvironmentVariable,
  VAULT_SECRET_NAMES_DEFAULT,
} from '@strongroom/vault';
import { AUDIT_SEED_SECRET_DEFAULT, REQUIRED_KEK_IDS } from './lambda-config.js';

function versionedRandomSecret(): string {
  const value = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  return JSON.stringify({ versions: [{ version: 1, value }] });
}

/**
 * Fresh key material for one local run or test, as environment variables: a software keyring with
 * every KEK the example needs (`STRONGROOM_KMS_KEYRING`) and random 32-byte values of the vault's
 * secrets and the audit seed (`STRONGROOM_SECRET_<NAME>`). Good for data that lives as long as the
 * process (DynamoDB Local runs in memory); a deployment keeps its keys in AWS KMS and Secrets
 * Manager instead.
 */
export function generatedSecretsEnvironment(): Record<string, string> {
  const names = [...Object.values(VAULT_SECRET_NAMES_DEFAULT), AUDIT_SEED_SECRET_DEFAULT];
  return {
    STRONGROOM_KMS_KEYRING: formatSoftwareKeyring(
      generateSoftwareKeyring(REQUIRED_KEK_IDS, systemClock),
    ),
    ...Object.fromEntries(
      names.map((name) => [secretEnvironmentVariable(name), versionedRandomSecret()]),
    ),
  };
}
