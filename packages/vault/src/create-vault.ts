import type { AuditLog } from '@strongroom/audit';
import {
  type Clock,
  err,
  ok,
  type Result,
  type Storage,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import { createDataKeyCache } from './cache/create-data-key-cache.js';
import type { DataKeyCache } from './cache/data-key-cache.js';
import { CARD_COLLECTIONS } from './cards/card-records.js';
import { CARD_KEK_DEFAULT, type CardVault, createCardVault } from './cards/card-vault.js';
import type { SensitiveDataStore } from './cards/sensitive-data-store.js';
import { createEnvelopeCipher } from './envelope/create-envelope-cipher.js';
import type { EnvelopeCipher } from './envelope/envelope-cipher.js';
import {
  createFieldEncryption,
  FIELDS_KEK_DEFAULT,
  type FieldEncryption,
} from './fields/field-encryption.js';
import { createKeyManager, type KeyManager, type RewrapRunOptions } from './keys/key-manager.js';
import type { RewrapJobError } from './keys/key-manager-error.js';
import type { KeyPolicies } from './keys/key-policy.js';
import type { RewrapLocation, RewrapProgress } from './keys/rewrap-job-state.js';
import type { Kms } from './kms/kms.js';
import type { KmsError } from './kms/kms-error.js';
import { cachedSecretProvider } from './secrets/cached-secret-provider.js';
import type { SecretProvider } from './secrets/secret-provider.js';

/**
 * The data-key cache a vault uses unless given one: a data key encrypts for at most five minutes
 * and 10,000 messages (the AWS Encryption SDK advises limits as low as the KMS budget allows), so
 * 100,000 tokenizations (two envelopes each: PAN and cardholder name) cost about twenty KMS calls.
 */
export const VAULT_DATA_KEY_CACHE_DEFAULTS = { maxAgeMs: 5 * 60_000, maxMessages: 10_000 } as const;

/** The secrets a vault reads, by name in its {@link SecretProvider}. */
export const VAULT_SECRET_NAMES_DEFAULT = {
  cardFingerprint: 'card-fingerprint',
  blindIndex: 'blind-index',
} as const;

/** How long a read secret is reused before the provider is asked again (rotation pickup). */
export const VAULT_SECRETS_MAX_AGE_MS_DEFAULT = 60_000;

/** Where the vault's own envelopes live, for the rewrap job. */
export const VAULT_ENVELOPE_LOCATIONS: readonly RewrapLocation[] = [
  { collection: CARD_COLLECTIONS.tokens, fields: ['panEnvelope', 'cardholderNameEnvelope'] },
];

/** What {@link createVault} needs. */
export interface VaultOptions {
  readonly storage: Storage;
  /** The audit log every vault operation writes its leaf to. */
  readonly audit: AuditLog;
  /** Where the KEKs live: the software KMS, AWS KMS, a PKCS#11 token. */
  readonly kms: Kms;
  /** Where the fingerprint and blind-index keys come from (read through a short cache). */
  readonly secrets: SecretProvider;
  readonly clock?: Clock;
  /** Per-KEK minimum decryption version and cryptoperiods. */
  readonly policies?: KeyPolicies;
  /** Defaults to a cache with {@link VAULT_DATA_KEY_CACHE_DEFAULTS}; `noDataKeyCache()` turns it off. */
  readonly dataKeyCache?: DataKeyCache;
  /** Where security codes wait for authorization; in-process memory by default. */
  readonly sensitiveData?: SensitiveDataStore;
  /** Names of the vault's secrets; {@link VAULT_SECRET_NAMES_DEFAULT} by default. */
  readonly secretNames?: { readonly cardFingerprint?: string; readonly blindIndex?: string };
  /** Default {@link VAULT_SECRETS_MAX_AGE_MS_DEFAULT}. */
  readonly secretsMaxAgeMs?: number;
  /** The tenant whose log records deployment-wide key operations; `system` by default. */
  readonly systemTenantId?: TenantId;
  /** How long a security code is held before authorization. */
  readonly cvvTtlMs?: number;
}

/** What one tenant's rewrap did: the card envelopes, then the subject keys. */
export interface TenantRewrapProgress {
  readonly envelopes: RewrapProgress;
  readonly subjectKeys: RewrapProgress;
}

/** The vault: cards, personal fields and keys, over one storage, audit log and KMS. */
export interface Vault {
  readonly cards: CardVault;
  readonly fields: FieldEncryption;
  readonly keys: KeyManager;
  /** The envelope cipher the cards use, for other packages' own envelopes. */
  readonly cipher: EnvelopeCipher;
  /** The data-key cache, whose `stats()` count KMS calls. */
  readonly dataKeyCache: DataKeyCache;
  /** Creates the vault's KEKs (`cards`, `fields`) in the KMS if they do not exist yet. */
  prepareKeys(): Promise<Result<void, KmsError>>;
  /**
   * Runs (or resumes) the rewrap of one tenant after a rotation: every card envelope, then every
   * subject key. Resumable under the same `jobId`; idempotent once completed.
   */
  rewrapTenant(options: RewrapRunOptions): Promise<Result<TenantRewrapProgress, RewrapJobError>>;
  /** Writes pending key-usage counters; call at shutdown. */
  close(): Promise<void>;
}

/** Builds the {@link Vault} from a host's adapters. */
export function createVault(options: VaultOptions): Vault {
  const clock = options.clock ?? systemClock;
  const policies = options.policies ?? {};
  const { storage, audit, kms } = options;
  const names = { ...VAULT_SECRET_NAMES_DEFAULT, ...options.secretNames };
  const secrets = cachedSecretProvider(options.secrets, {
    maxAgeMs: options.secretsMaxAgeMs ?? VAULT_SECRETS_MAX_AGE_MS_DEFAULT,
    clock,
  });
  const dataKeyCache =
    options.dataKeyCache ?? createDataKeyCache({ ...VAULT_DATA_KEY_CACHE_DEFAULTS, clock });
  const keys = createKeyManager({
    kms,
    storage,
    audit,
    clock,
    policies,
    ...(options.systemTenantId === undefined ? {} : { systemTenantId: options.systemTenantId }),
  });
  const onDataKeyGenerated = keys.recordDataKeyGenerated;
  const cipher = createEnvelopeCipher({
    kms,
    cache: dataKeyCache,
    policies,
    clock,
    onDataKeyGenerated,
  });
  const cards = createCardVault({
    storage,
    audit,
    cipher,
    clock,
    fingerprintKey: () => secrets.get(names.cardFingerprint),
    ...(options.sensitiveData === undefined ? {} : { sensitiveData: options.sensitiveData }),
    ...(options.cvvTtlMs === undefined ? {} : { cvvTtlMs: options.cvvTtlMs }),
  });
  const fields = createFieldEncryption({
    storage,
    audit,
    kms,
    clock,
    policies,
    onDataKeyGenerated,
    blindIndexKey: () => secrets.get(names.blindIndex),
  });
  return {
    cards,
    fields,
    keys,
    cipher,
    dataKeyCache,
    async prepareKeys() {
      for (const keyId of [CARD_KEK_DEFAULT, FIELDS_KEK_DEFAULT]) {
        const created = await kms.createKey(keyId);
        if (created.isErr()) return err(created.error);
      }
      return ok(undefined);
    },
    async rewrapTenant(run) {
      const envelopes = await keys.rewrap({
        ...run,
        jobId: `${run.jobId}-envelopes`,
        locations: VAULT_ENVELOPE_LOCATIONS,
        cipher,
      });
      if (envelopes.isErr()) return err(envelopes.error);
      const subjectKeys = await keys.rewrapSubjectKeys({
        ...run,
        jobId: `${run.jobId}-subject-keys`,
      });
      if (subjectKeys.isErr()) return err(subjectKeys.error);
      return ok({ envelopes: envelopes.value, subjectKeys: subjectKeys.value });
    },
    async close() {
      await keys.flushUsage();
    },
  };
}
