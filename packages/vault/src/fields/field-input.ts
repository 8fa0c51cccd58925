import { containsCardNumber } from '@strongroom/audit';
import {
  err,
  ok,
  RECORD_ID_MAX_LENGTH,
  type Result,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';

/** Field names: identifiers chosen by code (`email`, `phoneNumber`), bound into every ciphertext. */
export const FIELD_NAME_PATTERN = /^[a-z][a-zA-Z0-9_]{0,62}$/;

/**
 * Subject ids: pseudonymous identifiers such as TypeIDs (`usr_01h…`). They are record ids and stay
 * in the audit log after erasure, so `@` is refused to keep email addresses out.
 */
export const SUBJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/** UTF-8 bytes one field value may take: names, addresses, phone numbers, not documents. */
export const FIELD_VALUE_MAX_BYTES = 16 * 1024;

const encoder = new TextEncoder();

/** Checks a subject id against {@link SUBJECT_ID_PATTERN}. */
export function checkSubjectId(subjectId: string): Result<string, ValidationError> {
  if (typeof subjectId !== 'string' || !SUBJECT_ID_PATTERN.test(subjectId))
    return err(validationError('subjectId', 'bad_format'));
  // Stored in clear as a record id and an audit resource id for years: a subject id that holds
  // a card number would put one there (and the audit log refuses it), so it is refused up front.
  if (containsCardNumber(subjectId))
    return err(validationError('subjectId', 'looks_like_card_number'));
  return ok(subjectId);
}

/** Checks a field name against {@link FIELD_NAME_PATTERN}. */
export function checkFieldName(field: string): Result<string, ValidationError> {
  return typeof field === 'string' && FIELD_NAME_PATTERN.test(field)
    ? ok(field)
    : err(validationError('field', 'bad_format'));
}

/** Checks the id of the record a field belongs to: any non-empty storage record id. */
export function checkRecordId(recordId: string): Result<string, ValidationError> {
  return typeof recordId === 'string' &&
    recordId.length > 0 &&
    recordId.length <= RECORD_ID_MAX_LENGTH
    ? ok(recordId)
    : err(validationError('recordId', 'bad_format'));
}

/**
 * Encodes a field value as UTF-8. A lone surrogate would be replaced by U+FFFD on encoding and so
 * come back different from what was stored; it is refused instead.
 */
export function encodeFieldValue(value: string): Result<Uint8Array, ValidationError> {
  if (typeof value !== 'string' || !value.isWellFormed())
    return err(validationError('value', 'not_well_formed'));
  const bytes = encoder.encode(value);
  return bytes.byteLength > FIELD_VALUE_MAX_BYTES
    ? err(validationError('value', 'too_long'))
    : ok(bytes);
}
