import type { AuditEntryError } from '@strongroom/audit';
import type { DomainError, StorageError, ValidationError } from '@strongroom/kernel';
import type { EnvelopeError } from '../envelope/envelope-cipher.js';
import type { SecretError } from '../secrets/secret-provider.js';

/**
 * The subject was erased: their key is gone, so every field encrypted for them is unreadable for
 * good (crypto-shredding), and nothing new is encrypted for them either.
 */
export interface SubjectErasedError extends DomainError<'vault.subject_erased'> {
  readonly subjectId: string;
}

/**
 * The subject has no key and was never erased, so no field was ever encrypted for them: the
 * envelope was presented with the wrong subject id.
 */
export interface SubjectKeyNotFoundError extends DomainError<'vault.subject_key_not_found'> {
  readonly subjectId: string;
}

/** Every error of encrypting or decrypting a personal field. */
export type FieldEncryptionError =
  | ValidationError
  | SubjectErasedError
  | SubjectKeyNotFoundError
  | EnvelopeError
  | StorageError
  | AuditEntryError;

/** Every error of erasing a subject. */
export type SubjectErasureError = ValidationError | StorageError | AuditEntryError;

/** Every error of computing a blind index. */
export type BlindIndexError = ValidationError | SecretError;
