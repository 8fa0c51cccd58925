import {
  containsCardNumber,
  err,
  type JsonObject,
  jsonByteLength,
  ok,
  type Result,
} from '@strongroom/kernel';
import type { AuditEntryInput } from './audit-entry.js';
import { type AuditEntryError, invalidAuditEntry } from './audit-error.js';
import { guardAgainstSecrets } from './secret-guard.js';

/** Serialized bytes the `details` of one entry may take: context, not payloads. */
export const AUDIT_DETAILS_MAX_BYTES = 4096;

/** Personal fields one entry may commit to. */
export const AUDIT_PERSONAL_FIELDS_MAX = 16;

const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,7}$/;
const RESOURCE_TYPE_PATTERN = /^[a-z][a-z0-9_.]{0,62}$/;
const FIELD_NAME_PATTERN = /^[a-z][a-zA-Z0-9_]{0,62}$/;
// Identifiers are printable ASCII without spaces: ids, request ids, subject ids.
const IDENTIFIER_PATTERN = /^[\x21-\x7e]{1,256}$/;
const ACTOR_TYPES = new Set(['user', 'service', 'system']);
const OUTCOMES = new Set(['succeeded', 'failed', 'denied']);
const PERSONAL_VALUE_MAX_LENGTH = 1024;

// Identifiers are stored in plaintext and kept for years, so a card number is refused there too.
function checkIdentifier(
  field: string,
  value: unknown,
  optional: boolean,
): Result<void, AuditEntryError> {
  if (optional && (value === undefined || value === null)) return ok(undefined);
  if (typeof value !== 'string' || !IDENTIFIER_PATTERN.test(value))
    return err(invalidAuditEntry(field, 'bad_identifier'));
  if (containsCardNumber(value))
    return err({ type: 'audit.secret_in_details', path: field, reason: 'card_number' });
  return ok(undefined);
}

function checkDetails(details: JsonObject): Result<void, AuditEntryError> {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) {
    return err(invalidAuditEntry('details', 'not_an_object'));
  }
  if (jsonByteLength(details) > AUDIT_DETAILS_MAX_BYTES)
    return err(invalidAuditEntry('details', 'too_large'));
  return guardAgainstSecrets(details);
}

function checkPersonal(personal: AuditEntryInput['personal']): Result<void, AuditEntryError> {
  if (personal === undefined) return ok(undefined);
  const subject = checkIdentifier('personal.subjectId', personal.subjectId, false);
  if (subject.isErr()) return subject;
  // The subject id stays in the log after erasure, so it must be a pseudonym, never an email.
  if (personal.subjectId.includes('@'))
    return err(invalidAuditEntry('personal.subjectId', 'looks_like_email'));
  const fields = Object.entries(personal.fields ?? {});
  if (fields.length === 0) return err(invalidAuditEntry('personal.fields', 'empty'));
  if (fields.length > AUDIT_PERSONAL_FIELDS_MAX)
    return err(invalidAuditEntry('personal.fields', 'too_many'));
  for (const [name, value] of fields) {
    if (!FIELD_NAME_PATTERN.test(name))
      return err(invalidAuditEntry('personal.fields', 'bad_field_name'));
    if (typeof value !== 'string' || value.length > PERSONAL_VALUE_MAX_LENGTH) {
      return err(invalidAuditEntry(`personal.fields.${name}`, 'bad_value'));
    }
  }
  return ok(undefined);
}

/**
 * Validates what a caller wants recorded, before anything is written. Every refusal is typed and
 * names the field, never the value (which may be the very secret the guard caught).
 */
export function checkAuditEntryInput(input: AuditEntryInput): Result<void, AuditEntryError> {
  if (
    typeof input.action !== 'string' ||
    input.action.length > 128 ||
    !ACTION_PATTERN.test(input.action)
  ) {
    return err(invalidAuditEntry('action', 'bad_format'));
  }
  if (!ACTOR_TYPES.has(input.actor?.type)) return err(invalidAuditEntry('actor.type', 'unknown'));
  if (!RESOURCE_TYPE_PATTERN.test(input.resource?.type ?? ''))
    return err(invalidAuditEntry('resource.type', 'bad_format'));
  if (!OUTCOMES.has(input.outcome)) return err(invalidAuditEntry('outcome', 'unknown'));
  return checkIdentifier('actor.id', input.actor.id, false)
    .andThen(() => checkIdentifier('resource.id', input.resource.id, false))
    .andThen(() => checkIdentifier('requestId', input.requestId, true))
    .andThen(() => checkIdentifier('correlationId', input.correlationId, true))
    .andThen(() => checkDetails(input.details ?? {}))
    .andThen(() => checkPersonal(input.personal));
}
