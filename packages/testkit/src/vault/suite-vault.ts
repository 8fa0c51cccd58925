import { type AuditLog, createAuditLog } from '@strongroom/audit';
import { FakeClock, type Storage, unwrapOrThrow } from '@strongroom/kernel';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createStorageSensitiveDataStore,
  createVault,
  generateSoftwareKeyring,
  type KeyPolicies,
  type Kms,
  type SecretProvider,
  type SoftwareKeyring,
  secretEnvironmentVariable,
  VAULT_SECRET_NAMES_DEFAULT,
  type Vault,
} from '@strongroom/vault';
import { SUITE_SIGNING } from '../audit/audit-suite-context.js';
import { recordingKms } from './recording-kms.js';
import type { SensitiveValues } from './sensitive-values.js';

/** How a case wants its vault. */
export interface SuiteVaultOptions {
  /** Where security codes wait: in process memory (the vault's default) or in `vault.sad`. */
  readonly sensitiveData?: 'memory' | 'storage';
  /** How long security codes are held; the vault's default otherwise. */
  readonly cvvTtlMs?: number;
  /** KEK policies, e.g. a minimum decryption version after a rewrap. */
  readonly policies?: KeyPolicies;
  /**
   * Another vault of the case whose KMS, secrets and clock this one shares: a second process of the
   * same deployment, with its own caches, audit log instance and policies.
   */
  readonly sharing?: SuiteVault;
}

/** A vault over the storage under test, with everything it was built from. */
export interface SuiteVault {
  readonly vault: Vault;
  readonly audit: AuditLog;
  /** The recording KMS the vault uses (shared with vaults built `sharing` this one). */
  readonly kms: Kms;
  readonly secrets: SecretProvider;
  readonly clock: FakeClock;
  readonly storage: Storage;
  /** Flushes the vault's usage counters and, for the vault that made the KMS, closes it. */
  close(): Promise<void>;
}

const HMAC_SECRET_BYTES = 32;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

// A versioned secret in the one stored form every provider reads (see `parseVersionedSecret`).
function versionedSecretText(value: Uint8Array): string {
  return JSON.stringify({ versions: [{ version: 1, value: base64(value) }] });
}

function recordKeyring(keyring: SoftwareKeyring, sensitive: SensitiveValues): void {
  for (const [keyId, versions] of keyring.keys) {
    for (const version of versions) {
      sensitive.addKey(`master key ${keyId} v${version.version}`, version.material);
    }
  }
}

/**
 * Builds a vault the way a host would, over the storage under test: a real audit log (the audit
 * suite's signing keys), the software KMS behind a recorder of plaintext data keys, the
 * environment secret provider holding fresh `card-fingerprint` and `blind-index` secrets, and a
 * fake clock. Every master key, data key and secret it creates is added to `sensitive`.
 */
export async function createSuiteVault(
  storage: Storage,
  sensitive: SensitiveValues,
  options: SuiteVaultOptions = {},
): Promise<SuiteVault> {
  const shared = options.sharing;
  const clock = shared?.clock ?? new FakeClock();
  let kms = shared?.kms;
  let ownsKms = false;
  if (kms === undefined) {
    const keyring = generateSoftwareKeyring(['cards', 'fields'], clock);
    recordKeyring(keyring, sensitive);
    const software = createSoftwareKms({
      keyring,
      clock,
      // Called with the whole keyring whenever a version is added: rotated material is recorded.
      persist: async (updated) => recordKeyring(updated, sensitive),
    });
    kms = recordingKms(software, (label, plaintext) => sensitive.addKey(label, plaintext));
    ownsKms = true;
  }
  let secrets = shared?.secrets;
  if (secrets === undefined) {
    const fingerprint = crypto.getRandomValues(new Uint8Array(HMAC_SECRET_BYTES));
    const blindIndex = crypto.getRandomValues(new Uint8Array(HMAC_SECRET_BYTES));
    sensitive.addKey('card fingerprint secret', fingerprint);
    sensitive.addKey('blind index secret', blindIndex);
    secrets = createEnvironmentSecretProvider({
      [secretEnvironmentVariable(VAULT_SECRET_NAMES_DEFAULT.cardFingerprint)]:
        versionedSecretText(fingerprint),
      [secretEnvironmentVariable(VAULT_SECRET_NAMES_DEFAULT.blindIndex)]:
        versionedSecretText(blindIndex),
    });
  }
  const audit = createAuditLog({ storage, clock, signing: SUITE_SIGNING });
  const vault = createVault({
    storage,
    audit,
    kms,
    secrets,
    clock,
    ...(options.policies === undefined ? {} : { policies: options.policies }),
    ...(options.cvvTtlMs === undefined ? {} : { cvvTtlMs: options.cvvTtlMs }),
    ...(options.sensitiveData === 'storage'
      ? { sensitiveData: createStorageSensitiveDataStore({ storage, clock }) }
      : {}),
  });
  unwrapOrThrow(await vault.prepareKeys());
  const usedKms = kms;
  return {
    vault,
    audit,
    kms: usedKms,
    secrets,
    clock,
    storage,
    async close() {
      await vault.close();
      if (ownsKms) await usedKms.close();
    },
  };
}
