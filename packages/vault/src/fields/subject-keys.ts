import type { AuditActor, AuditEntryError, AuditLog } from '@strongroom/audit';
import {
  type Clock,
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type StoredRecord,
  type TenantId,
  type TransactionOptions,
} from '@strongroom/kernel';
import type { DataKeyGeneratedEvent } from '../envelope/create-envelope-cipher.js';
import type { DecryptionFailedError, KeyVersionRetiredError } from '../envelope/envelope-cipher.js';
import { checkDecryptionVersion } from '../keys/check-decryption-version.js';
import type { KeyPolicies } from '../keys/key-policy.js';
import type { Kms } from '../kms/kms.js';
import type { KmsError } from '../kms/kms-error.js';
import type {
  SubjectErasedError,
  SubjectErasureError,
  SubjectKeyNotFoundError,
} from './field-error.js';
import { importSubjectKey } from './local-key-wrap.js';
import type { CachedSubjectKey, SubjectKeyCache } from './subject-key-cache.js';
import {
  parseSubjectKeyRecord,
  SUBJECT_KEY_COLLECTIONS,
  subjectKeyContext,
  subjectKeyRecordData,
} from './subject-key-record.js';

/** Every error of obtaining a subject key. */
export type SubjectKeyError =
  | SubjectErasedError
  | SubjectKeyNotFoundError
  | DecryptionFailedError
  | KeyVersionRetiredError
  | KmsError
  | StorageError
  | AuditEntryError;

/** The ports subject keys need. */
export interface SubjectKeysDeps {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly kms: Kms;
  readonly clock: Clock;
  /** The KEK that wraps subject keys. */
  readonly keyId: string;
  readonly policies: KeyPolicies;
  readonly cache: SubjectKeyCache;
  /** Told about each data key the KMS generates (the key manager's usage counter). */
  readonly onDataKeyGenerated?: (event: DataKeyGeneratedEvent) => void;
}

/** What erasing a subject did: `erased` is false when they were erased before (nothing written). */
export interface SubjectErasure {
  readonly erased: boolean;
}

/** Per-subject data keys: created on first use, cached unwrapped, erased for crypto-shredding. */
export interface SubjectKeys {
  /** The subject's key; with `create`, made on first use (unless the subject was erased). */
  obtain(
    tenantId: TenantId,
    subjectId: string,
    mode: 'create' | 'existing',
  ): Promise<Result<CachedSubjectKey, SubjectKeyError>>;
  /** Deletes the subject's key for good and marks them erased. */
  erase(
    tenantId: TenantId,
    subjectId: string,
    actor: AuditActor,
  ): Promise<Result<SubjectErasure, SubjectErasureError>>;
}

interface Creation {
  /** False when a concurrent first use stored its key first. */
  readonly created: boolean;
  readonly record: StoredRecord;
}

const SYSTEM_ACTOR: AuditActor = { type: 'system', id: 'vault' };

/**
 * Creating a subject key reads two records that do not exist yet (the key and the erasure marker)
 * and must stay SERIALIZABLE: at READ COMMITTED a concurrent erasure could commit its marker
 * between the read and the insert. On Postgres, first uses of different subjects then abort each
 * other on predicate locks now and then (sign-ups arriving together), so they get a larger budget
 * of jittered retries than the default ten.
 */
const SUBJECT_KEY_CREATION_TRANSACTION: TransactionOptions = { maxAttempts: 40 };

/** Builds {@link SubjectKeys}. */
export function createSubjectKeys(deps: SubjectKeysDeps): SubjectKeys {
  const { storage, audit, kms, clock, keyId, policies, cache } = deps;
  // Loads in flight, so concurrent first uses in one process make one KMS call, not many.
  const inflight = new Map<string, Promise<Result<CachedSubjectKey, SubjectKeyError>>>();
  // Bumped by every erasure: a load that began before an erasure committed must not cache the key.
  let erasures = 0;

  const remember = async (
    tenantId: TenantId,
    subjectId: string,
    keyBytes: Uint8Array,
    generation: number,
    epoch: number,
  ): Promise<CachedSubjectKey> => {
    try {
      const entry = { key: await importSubjectKey(keyBytes), generation };
      if (epoch === erasures) cache.set(tenantId, subjectId, entry);
      return entry;
    } finally {
      keyBytes.fill(0);
    }
  };

  const unwrapStored = async (
    tenantId: TenantId,
    record: StoredRecord,
    epoch: number,
  ): Promise<Result<CachedSubjectKey, SubjectKeyError>> => {
    const parsed = parseSubjectKeyRecord(record);
    if (parsed.isErr()) return err(parsed.error);
    const { wrapped, generation } = parsed.value;
    const allowed = checkDecryptionVersion(policies, wrapped.keyId, wrapped.version);
    if (allowed.isErr()) return err(allowed.error);
    const unwrapped = await kms.unwrap(wrapped, subjectKeyContext(tenantId, record.id));
    if (unwrapped.isErr()) return err(unwrapped.error);
    return ok(await remember(tenantId, record.id, unwrapped.value, generation, epoch));
  };

  const create = async (
    tenantId: TenantId,
    subjectId: string,
    epoch: number,
  ): Promise<Result<CachedSubjectKey, SubjectKeyError>> => {
    // The KMS is called before the transaction, whose function may run more than once.
    const generated = await kms.generateDataKey(keyId, subjectKeyContext(tenantId, subjectId));
    if (generated.isErr()) return err(generated.error);
    const { plaintext, wrapped } = generated.value;
    try {
      deps.onDataKeyGenerated?.({ tenantId, keyId: wrapped.keyId, version: wrapped.version });
    } catch {
      // Counting usage must never fail the operation that used the key.
    }
    const createdAt = clock.now();
    const stored = await storage.transaction(
      tenantId,
      async (tx): Promise<Result<Creation, SubjectErasedError | AuditEntryError>> => {
        const existing = await tx.records.get(SUBJECT_KEY_COLLECTIONS.keys, subjectId);
        // A concurrent first use won: both converge on its key.
        if (existing !== undefined) return ok({ created: false, record: existing });
        if ((await tx.records.get(SUBJECT_KEY_COLLECTIONS.erased, subjectId)) !== undefined)
          return err({ type: 'vault.subject_erased', subjectId });
        const record = await tx.records.put({
          collection: SUBJECT_KEY_COLLECTIONS.keys,
          id: subjectId,
          data: subjectKeyRecordData(wrapped, 1, createdAt),
          expectedVersion: 0,
        });
        const leaf = await audit.append(tx, {
          actor: SYSTEM_ACTOR,
          action: 'vault.subject_key.created',
          resource: { type: 'vault.subject_key', id: subjectId },
          outcome: 'succeeded',
          details: { keyId: wrapped.keyId, kekVersion: wrapped.version, kms: kms.kind },
        });
        return leaf.isErr() ? err(leaf.error) : ok({ created: true, record });
      },
      SUBJECT_KEY_CREATION_TRANSACTION,
    );
    if (stored.isErr()) {
      plaintext.fill(0);
      return err(stored.error);
    }
    if (stored.value.created) return ok(await remember(tenantId, subjectId, plaintext, 1, epoch));
    plaintext.fill(0);
    return unwrapStored(tenantId, stored.value.record, epoch);
  };

  const load = async (
    tenantId: TenantId,
    subjectId: string,
    mode: 'create' | 'existing',
  ): Promise<Result<CachedSubjectKey, SubjectKeyError>> => {
    const epoch = erasures;
    const read = await storage.transaction(tenantId, async (tx) => {
      const key = await tx.records.get(SUBJECT_KEY_COLLECTIONS.keys, subjectId);
      const erased =
        key === undefined
          ? await tx.records.get(SUBJECT_KEY_COLLECTIONS.erased, subjectId)
          : undefined;
      return ok({ key, erased });
    });
    if (read.isErr()) return err(read.error);
    if (read.value.key !== undefined) return unwrapStored(tenantId, read.value.key, epoch);
    if (read.value.erased !== undefined) return err({ type: 'vault.subject_erased', subjectId });
    if (mode === 'existing') return err({ type: 'vault.subject_key_not_found', subjectId });
    return create(tenantId, subjectId, epoch);
  };

  const flightKey = (tenantId: TenantId, subjectId: string, mode: string) =>
    `${mode}\u0000${tenantId}\u0000${subjectId}`;

  return {
    async obtain(tenantId, subjectId, mode) {
      const cached = cache.get(tenantId, subjectId);
      if (cached !== undefined) return ok(cached);
      const key = flightKey(tenantId, subjectId, mode);
      let pending = inflight.get(key);
      if (pending === undefined) {
        pending = load(tenantId, subjectId, mode).finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      return pending;
    },
    async erase(tenantId, subjectId, actor) {
      const erasedAt = clock.now();
      const result = await storage.transaction(tenantId, async (tx) => {
        const key = await tx.records.get(SUBJECT_KEY_COLLECTIONS.keys, subjectId);
        const marker = await tx.records.get(SUBJECT_KEY_COLLECTIONS.erased, subjectId);
        if (key === undefined && marker !== undefined) return ok({ erased: false });
        if (key !== undefined) {
          await tx.records.delete({
            collection: SUBJECT_KEY_COLLECTIONS.keys,
            id: subjectId,
            expectedVersion: key.version,
          });
        }
        if (marker === undefined) {
          await tx.records.put({
            collection: SUBJECT_KEY_COLLECTIONS.erased,
            id: subjectId,
            data: { erasedAt: erasedAt.toISOString() },
            expectedVersion: 0,
          });
        }
        const leaf = await audit.append(tx, {
          actor,
          action: 'vault.subject.erased',
          resource: { type: 'vault.subject', id: subjectId },
          outcome: 'succeeded',
          details: { hadKey: key !== undefined },
        });
        return leaf.isErr() ? err(leaf.error) : ok({ erased: true });
      });
      if (result.isOk()) {
        erasures += 1;
        cache.delete(tenantId, subjectId);
        inflight.delete(flightKey(tenantId, subjectId, 'create'));
        inflight.delete(flightKey(tenantId, subjectId, 'existing'));
      }
      return result;
    },
  };
}
