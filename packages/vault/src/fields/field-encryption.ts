import type { AuditActor, AuditLog } from '@strongroom/audit';
import {
  assert,
  type Clock,
  err,
  ok,
  type Result,
  type Storage,
  type TenantId,
} from '@strongroom/kernel';
import { AES_256_KEY_BYTES } from '../crypto/aes-gcm.js';
import { randomBytes } from '../crypto/random-bytes.js';
import type { DataKeyGeneratedEvent } from '../envelope/create-envelope-cipher.js';
import type { EnvelopeBinding } from '../envelope/envelope-cipher.js';
import { parseEnvelope } from '../envelope/envelope-format.js';
import { openEnvelope, sealEnvelope } from '../envelope/envelope-seal.js';
import type { KeyPolicies } from '../keys/key-policy.js';
import type { Kms } from '../kms/kms.js';
import type { SecretError, VersionedSecret } from '../secrets/secret-provider.js';
import { BLIND_INDEX_KEY_MIN_BYTES, computeBlindIndex } from './blind-index.js';
import type { BlindIndexError, FieldEncryptionError, SubjectErasureError } from './field-error.js';
import { checkFieldName, checkRecordId, checkSubjectId, encodeFieldValue } from './field-input.js';
import { unwrapDataKeyLocally, wrapDataKeyLocally } from './local-key-wrap.js';
import {
  SUBJECT_KEY_CACHE_DEFAULTS,
  SubjectKeyCache,
  type SubjectKeyCacheLimits,
} from './subject-key-cache.js';
import { SUBJECT_KEY_WRAPPING_ID } from './subject-key-record.js';
import { createSubjectKeys, type SubjectErasure } from './subject-keys.js';

/** The KEK that wraps subject keys unless the deployment names another. */
export const FIELDS_KEK_DEFAULT = 'fields';

/** The ports and configuration of {@link createFieldEncryption}. */
export interface FieldEncryptionDeps {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly kms: Kms;
  /** The blind-index secret with all its live versions (e.g. `secrets.get('blind-index')`). */
  readonly blindIndexKey: () => Promise<Result<VersionedSecret, SecretError>>;
  readonly clock: Clock;
  /** The KEK that wraps subject keys; default {@link FIELDS_KEK_DEFAULT}. */
  readonly keyId?: string;
  /** Unwrapped subject keys kept in process memory; default {@link SUBJECT_KEY_CACHE_DEFAULTS}. */
  readonly subjectKeyCache?: SubjectKeyCacheLimits;
  /** KEK policies, for the minimum decryption version of subject keys' wrapping. */
  readonly policies?: KeyPolicies;
  /** Told about each subject key the KMS generates; wire the key manager's usage counter here. */
  readonly onDataKeyGenerated?: (event: DataKeyGeneratedEvent) => void;
}

/** Where a field value belongs: bound into its ciphertext, so it cannot be moved elsewhere. */
export interface FieldLocation {
  readonly tenantId: TenantId;
  /** The data subject the value is about; erasing them makes it unreadable. */
  readonly subjectId: string;
  /** The record that stores the value. */
  readonly recordId: string;
  /** The field name, e.g. `email`. */
  readonly field: string;
}

/** A value for a blind index: equal inputs give equal indexes within one tenant and field. */
export interface BlindIndexInput {
  readonly tenantId: TenantId;
  readonly field: string;
  /** Normalized by the caller first (e.g. trimmed, lowercased email); compared byte for byte. */
  readonly value: string;
}

/**
 * Encryption of personal fields (email, phone, names) with a key per data subject, so that erasing
 * the subject crypto-shreds every field encrypted for them, wherever the ciphertexts were copied.
 *
 * Each subject's 32-byte key lives only wrapped by the KMS KEK, in `vault.subject_keys/<subjectId>`.
 * Each value gets a fresh data key, wrapped locally under the subject key (AES-256-GCM); the
 * envelope's wrapping names {@link SUBJECT_KEY_WRAPPING_ID} with the subject key's generation as
 * version, and holds no KMS-wrapped key at all. Rotating the KEK re-wraps the subject keys only
 * (`KeyManager.rewrapSubjectKeys`); field envelopes never change.
 *
 * Encrypt and decrypt are primitives called inside other packages' commands, which write the
 * command's audit leaf; creating a subject key and erasing a subject write their own.
 */
export interface FieldEncryption {
  /** Encrypts a value for a subject (creating their key on first use); returns the envelope. */
  encrypt(
    input: FieldLocation & { readonly value: string },
  ): Promise<Result<string, FieldEncryptionError>>;
  /** Decrypts an envelope written for exactly this location; `vault.subject_erased` once erased. */
  decrypt(
    input: FieldLocation & { readonly envelope: string },
  ): Promise<Result<string, FieldEncryptionError>>;
  /**
   * Deletes the subject's key and marks them erased, with an audit leaf `vault.subject.erased`.
   * Idempotent: erasing again writes nothing and returns `erased: false`. No new field can be
   * encrypted for an erased subject. This process's cache is purged at once; other processes
   * stop decrypting within their cache's `maxAgeMs`.
   */
  eraseSubject(
    tenantId: TenantId,
    subjectId: string,
    actor: AuditActor,
  ): Promise<Result<SubjectErasure, SubjectErasureError>>;
  /**
   * The blind index of a value under the current blind-index secret, `v<version>.<hex>`, for
   * equality lookups on encrypted fields. Callers normalize values first (lowercase an email,
   * E.164 a phone number): the index matches exact bytes only.
   */
  blindIndex(input: BlindIndexInput): Promise<Result<string, BlindIndexError>>;
  /**
   * The value's blind index under every live secret version, newest first: look up with all of
   * them while a rotated secret's old indexes are being recomputed.
   */
  blindIndexCandidates(input: BlindIndexInput): Promise<Result<readonly string[], BlindIndexError>>;
}

function checkLocation(input: FieldLocation): Result<EnvelopeBinding, FieldEncryptionError> {
  return checkSubjectId(input.subjectId)
    .andThen(() => checkRecordId(input.recordId))
    .andThen(() => checkFieldName(input.field))
    .map(() => ({ tenantId: input.tenantId, recordId: input.recordId, field: input.field }));
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** Builds the {@link FieldEncryption} of a deployment. */
export function createFieldEncryption(deps: FieldEncryptionDeps): FieldEncryption {
  const keyId = deps.keyId ?? FIELDS_KEK_DEFAULT;
  assert(
    keyId !== SUBJECT_KEY_WRAPPING_ID,
    'subject keys are wrapped by a KMS KEK, not by `subject`',
  );
  const cache = new SubjectKeyCache(deps.subjectKeyCache ?? SUBJECT_KEY_CACHE_DEFAULTS, deps.clock);
  const subjectKeys = createSubjectKeys({
    storage: deps.storage,
    audit: deps.audit,
    kms: deps.kms,
    clock: deps.clock,
    keyId,
    policies: deps.policies ?? {},
    cache,
    ...(deps.onDataKeyGenerated === undefined
      ? {}
      : { onDataKeyGenerated: deps.onDataKeyGenerated }),
  });

  const blindIndexSecret = async (
    input: BlindIndexInput,
  ): Promise<Result<{ secret: VersionedSecret; value: Uint8Array }, BlindIndexError>> => {
    const field = checkFieldName(input.field);
    if (field.isErr()) return err(field.error);
    const value = encodeFieldValue(input.value);
    if (value.isErr()) return err(value.error);
    const secret = await deps.blindIndexKey();
    if (secret.isErr()) return err(secret.error);
    if (
      secret.value.versions.some((version) => version.value.byteLength < BLIND_INDEX_KEY_MIN_BYTES)
    )
      return err({ type: 'secrets.malformed', name: secret.value.name, reason: 'too_short' });
    return ok({ secret: secret.value, value: value.value });
  };

  return {
    async encrypt(input) {
      const binding = checkLocation(input);
      if (binding.isErr()) return err(binding.error);
      const plaintext = encodeFieldValue(input.value);
      if (plaintext.isErr()) return err(plaintext.error);
      const subjectKey = await subjectKeys.obtain(input.tenantId, input.subjectId, 'create');
      if (subjectKey.isErr()) return err(subjectKey.error);
      const { key, generation } = subjectKey.value;
      const dataKey = randomBytes(AES_256_KEY_BYTES);
      try {
        const owner = { tenantId: input.tenantId, subjectId: input.subjectId, generation };
        const wrapped = await wrapDataKeyLocally(key, dataKey, owner);
        return ok(
          await sealEnvelope({
            wrapping: { keyId: SUBJECT_KEY_WRAPPING_ID, version: generation, ciphertext: wrapped },
            dataKey,
            binding: binding.value,
            plaintext: plaintext.value,
          }),
        );
      } finally {
        dataKey.fill(0);
      }
    },

    async decrypt(input) {
      const binding = checkLocation(input);
      if (binding.isErr()) return err(binding.error);
      const parsed = parseEnvelope(input.envelope);
      if (parsed.isErr()) return err(parsed.error);
      // A KMS-wrapped envelope is not a personal field's: refuse it rather than ask the KMS.
      if (parsed.value.wrapping.keyId !== SUBJECT_KEY_WRAPPING_ID)
        return err({ type: 'vault.decryption_failed', reason: 'malformed' });
      const subjectKey = await subjectKeys.obtain(input.tenantId, input.subjectId, 'existing');
      if (subjectKey.isErr()) return err(subjectKey.error);
      const { key, generation } = subjectKey.value;
      if (parsed.value.wrapping.version !== generation)
        return err({ type: 'vault.decryption_failed', reason: 'authentication' });
      const owner = { tenantId: input.tenantId, subjectId: input.subjectId, generation };
      const dataKey = await unwrapDataKeyLocally(key, parsed.value.wrapping.ciphertext, owner);
      // Another subject's envelope, or a changed wrapping.
      if (dataKey === undefined)
        return err({ type: 'vault.decryption_failed', reason: 'authentication' });
      try {
        const opened = await openEnvelope(parsed.value, dataKey, binding.value);
        if (opened.isErr()) return err(opened.error);
        try {
          return ok(utf8Decoder.decode(opened.value));
        } catch {
          // Only field encryption seals under subject keys, and it seals UTF-8: unreachable
          // unless the envelope was forged with the subject key itself.
          return err({ type: 'vault.decryption_failed', reason: 'malformed' });
        } finally {
          opened.value.fill(0);
        }
      } finally {
        dataKey.fill(0);
      }
    },

    async eraseSubject(tenantId, subjectId, actor) {
      const checked = checkSubjectId(subjectId);
      if (checked.isErr()) return err(checked.error);
      return subjectKeys.erase(tenantId, subjectId, actor);
    },

    async blindIndex(input) {
      const prepared = await blindIndexSecret(input);
      if (prepared.isErr()) return err(prepared.error);
      const { secret, value } = prepared.value;
      return ok(computeBlindIndex(secret.current, input.tenantId, input.field, value));
    },

    async blindIndexCandidates(input) {
      const prepared = await blindIndexSecret(input);
      if (prepared.isErr()) return err(prepared.error);
      const { secret, value } = prepared.value;
      const candidates: string[] = [];
      for (const version of secret.versions) {
        candidates.push(computeBlindIndex(version, input.tenantId, input.field, value));
      }
      return ok(candidates);
    },
  };
}
