import {
  err,
  type JsonObject,
  ok,
  type Result,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import { decodeBase64Url, encodeBase64Url } from '../crypto/base64.js';
import type { DecryptionFailedError } from '../envelope/envelope-cipher.js';
import { KEK_NAME_PATTERN } from '../kms/kek-name.js';
import type { WrapContext, WrappedKey } from '../kms/kms.js';

/** Collections of subject keys: the KMS-wrapped keys, and the subjects erased for good. */
export const SUBJECT_KEY_COLLECTIONS = {
  /** `vault.subject_keys/<subjectId>`: the subject's data key, wrapped by the KMS KEK only. */
  keys: 'vault.subject_keys',
  /** `vault.erased_subjects/<subjectId>`: a marker that refuses new keys and names the error. */
  erased: 'vault.erased_subjects',
} as const;

/**
 * The key name a personal field's envelope carries in its wrapping: its data key is wrapped by
 * the subject key, not by a KMS KEK. The envelope format only carries names that match
 * `KEK_NAME_PATTERN`, so this one is reserved instead: no KEK may be called `subject`.
 */
export const SUBJECT_KEY_WRAPPING_ID = 'subject';

/** The field of a subject key record that holds its wrapped key, as text. */
export const SUBJECT_WRAPPED_KEY_FIELD = 'wrappedKey';

/** A subject key record as stored. */
export interface SubjectKeyRecord {
  readonly subjectId: string;
  /** Record version, for conditional writes. */
  readonly version: number;
  readonly wrapped: WrappedKey;
  /** Which key of the subject this is; envelopes carry it as their wrapping version. */
  readonly generation: number;
}

/** What the KMS binds a subject key to: tenant, purpose and subject. */
export function subjectKeyContext(tenantId: TenantId, subjectId: string): WrapContext {
  return { tenant: tenantId, purpose: 'subject_key', subject: subjectId };
}

/**
 * A KMS-wrapped key as one line of text, `<keyId>.v<version>.<base64url>`: KEK names have no `.`
 * and base64url has none either, so the three parts split unambiguously.
 */
export function formatWrappedKey(wrapped: WrappedKey): string {
  return `${wrapped.keyId}.v${wrapped.version}.${encodeBase64Url(wrapped.ciphertext)}`;
}

const WRAPPED_KEY_TEXT_MAX_LENGTH = 4096;
const VERSION_PATTERN = /^v[1-9][0-9]{0,8}$/;

/** Parses {@link formatWrappedKey}'s text; `undefined` for anything else. */
export function parseWrappedKey(text: unknown): WrappedKey | undefined {
  if (typeof text !== 'string' || text.length > WRAPPED_KEY_TEXT_MAX_LENGTH) return undefined;
  const [keyId, version, body, ...rest] = text.split('.');
  if (keyId === undefined || version === undefined || body === undefined || rest.length > 0)
    return undefined;
  if (!KEK_NAME_PATTERN.test(keyId) || !VERSION_PATTERN.test(version)) return undefined;
  const ciphertext = decodeBase64Url(body);
  if (ciphertext === undefined || ciphertext.byteLength === 0) return undefined;
  return { keyId, version: Number(version.slice(1)), ciphertext };
}

/** The body of a new subject key record. */
export function subjectKeyRecordData(
  wrapped: WrappedKey,
  generation: number,
  createdAt: Date,
): JsonObject {
  return {
    [SUBJECT_WRAPPED_KEY_FIELD]: formatWrappedKey(wrapped),
    generation,
    createdAt: createdAt.toISOString(),
  };
}

/**
 * Reads a stored subject key record. A record that does not parse was damaged below the port; it
 * is reported like a damaged envelope, as `malformed`, without echoing anything it holds.
 */
export function parseSubjectKeyRecord(
  record: StoredRecord,
): Result<SubjectKeyRecord, DecryptionFailedError> {
  const wrapped = parseWrappedKey(record.data[SUBJECT_WRAPPED_KEY_FIELD]);
  const generation = record.data['generation'];
  if (
    wrapped === undefined ||
    typeof generation !== 'number' ||
    !Number.isSafeInteger(generation) ||
    generation < 1
  ) {
    return err({ type: 'vault.decryption_failed', reason: 'malformed' });
  }
  return ok({ subjectId: record.id, version: record.version, wrapped, generation });
}
