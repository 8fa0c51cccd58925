import { err, ok, type Result } from '@strongroom/kernel';
import { isEvidenceField } from './evidence-field.js';
import type { EvidenceDocument, EvidenceItem, EvidenceText } from './evidence-item.js';
import type {
  EvidenceItemError,
  EvidenceItemProperty,
  EvidenceItemReason,
  EvidenceListError,
} from './evidence-item-error.js';
import {
  EVIDENCE_ITEMS_PER_DISPUTE_MAX,
  EVIDENCE_MEDIA_TYPES,
  EVIDENCE_REFERENCE_MAX_LENGTH,
  EVIDENCE_TEXT_MAX_LENGTH,
} from './evidence-limits.js';

const SHA256_PATTERN = /^[0-9a-f]{64}$/;
// Control characters; text keeps tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL_PATTERN = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const TEXT_CONTROL_PATTERN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// Longest media type looked at; longer input cannot be one of the supported types.
const MEDIA_TYPE_MAX_LENGTH = 64;

/** A parsed evidence value, or why it was refused. */
export type Parsed<T> = Result<T, EvidenceItemError>;

/**
 * Parses one piece of evidence from outside input: a document (`kind: 'document'`, `field`,
 * `reference`, `mediaType`, `sizeBytes`, `sha256`) or a text (`kind: 'text'`, `field`, `text`).
 * Checks run in that order (the size limit depends on the media type) and the first failure is
 * returned. Only the known properties are kept; the media type is trimmed and lower-cased,
 * nothing else is rewritten.
 */
export function parseEvidenceItem(input: unknown): Parsed<EvidenceItem> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('item', 'not_an_object');
  }
  const record = input as Readonly<Record<string, unknown>>;
  const kind = record['kind'];
  if (kind !== 'document' && kind !== 'text') {
    return fail('kind', typeof kind === 'string' ? 'unknown' : 'not_a_string');
  }
  const field = parseField(record['field']);
  if (field.isErr()) return err(field.error);
  return kind === 'document' ? parseDocument(record, field.value) : parseText(record, field.value);
}

/**
 * Parses the evidence of one dispute: at most {@link EVIDENCE_ITEMS_PER_DISPUTE_MAX} items, each
 * with {@link parseEvidenceItem}; every refused item is reported, not only the first.
 */
export function parseEvidenceItems(
  input: unknown,
): Result<readonly EvidenceItem[], EvidenceListError> {
  if (!Array.isArray(input)) return err(listError('not_a_list', []));
  if (input.length > EVIDENCE_ITEMS_PER_DISPUTE_MAX) return err(listError('too_many', []));
  const items: EvidenceItem[] = [];
  const failures: { readonly index: number; readonly error: EvidenceItemError }[] = [];
  for (const [index, element] of input.entries()) {
    const parsed = parseEvidenceItem(element);
    if (parsed.isOk()) items.push(parsed.value);
    else failures.push(Object.freeze({ index, error: parsed.error }));
  }
  if (failures.length > 0) return err(listError('items_invalid', failures));
  return ok(Object.freeze(items));
}

function parseField(input: unknown): Parsed<string> {
  if (typeof input !== 'string') return fail('field', 'not_a_string');
  if (input.length === 0) return fail('field', 'empty');
  return isEvidenceField(input) ? ok(input) : fail('field', 'unknown');
}

function parseDocument(
  record: Readonly<Record<string, unknown>>,
  field: string,
): Parsed<EvidenceDocument> {
  const reference = parseReference(record['reference']);
  if (reference.isErr()) return err(reference.error);
  const mediaType = parseMediaType(record['mediaType']);
  if (mediaType.isErr()) return err(mediaType.error);
  const sizeBytes = parseSize(record['sizeBytes'], mediaType.value);
  if (sizeBytes.isErr()) return err(sizeBytes.error);
  const sha256 = record['sha256'];
  if (typeof sha256 !== 'string') return fail('sha256', 'not_a_string');
  if (!SHA256_PATTERN.test(sha256)) return fail('sha256', 'bad_format');
  return ok(
    Object.freeze({
      kind: 'document',
      field,
      reference: reference.value,
      sha256,
      sizeBytes: sizeBytes.value,
      mediaType: mediaType.value,
    }),
  );
}

function parseReference(input: unknown): Parsed<string> {
  if (typeof input !== 'string') return fail('reference', 'not_a_string');
  if (input.trim().length === 0) return fail('reference', 'empty');
  if (input.length > EVIDENCE_REFERENCE_MAX_LENGTH) return fail('reference', 'too_long');
  if (CONTROL_PATTERN.test(input) || !input.isWellFormed()) return fail('reference', 'bad_format');
  return ok(input);
}

function parseMediaType(input: unknown): Parsed<string> {
  if (typeof input !== 'string') return fail('mediaType', 'not_a_string');
  if (input.length > MEDIA_TYPE_MAX_LENGTH) return fail('mediaType', 'unsupported');
  const mediaType = input.trim().toLowerCase();
  if (mediaType.length === 0) return fail('mediaType', 'empty');
  return Object.hasOwn(EVIDENCE_MEDIA_TYPES, mediaType)
    ? ok(mediaType)
    : fail('mediaType', 'unsupported');
}

function parseSize(input: unknown, mediaType: string): Parsed<number> {
  if (typeof input !== 'number' || !Number.isSafeInteger(input)) {
    return fail('sizeBytes', 'not_an_integer');
  }
  if (input <= 0) return fail('sizeBytes', 'not_positive');
  const limit = EVIDENCE_MEDIA_TYPES[mediaType]?.sizeBytesMax ?? 0;
  return input > limit ? fail('sizeBytes', 'too_large') : ok(input);
}

function parseText(record: Readonly<Record<string, unknown>>, field: string): Parsed<EvidenceText> {
  const text = record['text'];
  if (typeof text !== 'string') return fail('text', 'not_a_string');
  if (text.trim().length === 0) return fail('text', 'empty');
  if (text.length > EVIDENCE_TEXT_MAX_LENGTH) return fail('text', 'too_long');
  if (TEXT_CONTROL_PATTERN.test(text) || !text.isWellFormed()) return fail('text', 'bad_format');
  return ok(Object.freeze({ kind: 'text', field, text }));
}

function fail(property: EvidenceItemProperty, reason: EvidenceItemReason): Parsed<never> {
  return err({ type: 'disputes.evidence_invalid', property, reason });
}

function listError(
  reason: EvidenceListError['reason'],
  items: EvidenceListError['items'],
): EvidenceListError {
  return { type: 'disputes.evidence_list_invalid', reason, items: Object.freeze(items) };
}
