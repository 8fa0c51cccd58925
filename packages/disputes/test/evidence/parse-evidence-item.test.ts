import { describe, expect, it } from 'vitest';
import { EVIDENCE_FIELDS } from '../../src/evidence/evidence-field.js';
import {
  EVIDENCE_ITEMS_PER_DISPUTE_MAX,
  EVIDENCE_MEDIA_TYPES,
  EVIDENCE_REFERENCE_MAX_LENGTH,
  EVIDENCE_TEXT_MAX_LENGTH,
} from '../../src/evidence/evidence-limits.js';
import { parseEvidenceItem, parseEvidenceItems } from '../../src/evidence/parse-evidence-item.js';

const SHA256 = 'a'.repeat(40) + '0123456789abcdef0123456789'.slice(0, 24);
const MB = 1_000_000;

const document = {
  kind: 'document',
  field: 'receipt',
  reference: 's3://evidence/tenant-1/receipt-42.pdf',
  sha256: SHA256,
  sizeBytes: 120_000,
  mediaType: 'application/pdf',
};
const text = { kind: 'text', field: 'shipping_tracking_number', text: '1Z999AA10123456784' };

describe('parseEvidenceItem', () => {
  it('accepts a document and keeps only the known properties', () => {
    const parsed = parseEvidenceItem({ ...document, content: 'JVBERi0x', extra: true });
    expect(parsed._unsafeUnwrap()).toEqual(document);
  });

  it('accepts a text answer', () => {
    expect(parseEvidenceItem({ ...text, reference: 'ignored' })._unsafeUnwrap()).toEqual(text);
  });

  it('accepts every field of the vocabulary (Stripe’s 27 evidence fields)', () => {
    expect(EVIDENCE_FIELDS).toHaveLength(27);
    for (const field of EVIDENCE_FIELDS) {
      expect(parseEvidenceItem({ ...text, field }).isOk()).toBe(true);
    }
  });

  it('normalizes the media type’s case and spaces', () => {
    const parsed = parseEvidenceItem({ ...document, mediaType: ' IMAGE/JPEG ' });
    expect(parsed._unsafeUnwrap()).toMatchObject({ mediaType: 'image/jpeg' });
  });

  it.each([
    ['application/pdf', 2 * MB],
    ['image/jpeg', 10 * MB],
    ['image/tiff', 10 * MB],
    ['image/png', 2 * MB],
  ])('accepts %s up to %i bytes and refuses one byte more', (mediaType, limit) => {
    expect(EVIDENCE_MEDIA_TYPES[mediaType]?.sizeBytesMax).toBe(limit);
    expect(parseEvidenceItem({ ...document, mediaType, sizeBytes: limit }).isOk()).toBe(true);
    expect(
      parseEvidenceItem({ ...document, mediaType, sizeBytes: limit + 1 })._unsafeUnwrapErr(),
    ).toEqual({
      type: 'disputes.evidence_invalid',
      property: 'sizeBytes',
      reason: 'too_large',
    });
  });

  it('marks the PNG limit as unconfirmed', () => {
    expect(EVIDENCE_MEDIA_TYPES['image/png']?.confirmed).toBe(false);
    expect(EVIDENCE_MEDIA_TYPES['application/pdf']?.confirmed).toBe(true);
  });

  it('accepts texts and references of exactly the maximum length, with line breaks and tabs', () => {
    const longText = `line one\r\n\tline two ${'x'.repeat(EVIDENCE_TEXT_MAX_LENGTH - 20)}`;
    expect(parseEvidenceItem({ ...text, text: longText }).isOk()).toBe(true);
    const reference = 'r'.repeat(EVIDENCE_REFERENCE_MAX_LENGTH);
    expect(parseEvidenceItem({ ...document, reference }).isOk()).toBe(true);
  });

  it.each([
    ['a string', 'receipt', 'item', 'not_an_object'],
    ['null', null, 'item', 'not_an_object'],
    ['an array', [document], 'item', 'not_an_object'],
    ['a missing kind', { ...document, kind: undefined }, 'kind', 'not_a_string'],
    ['an unknown kind', { ...document, kind: 'video' }, 'kind', 'unknown'],
    ['a missing field', { ...text, field: undefined }, 'field', 'not_a_string'],
    ['an empty field', { ...text, field: '' }, 'field', 'empty'],
    ['a field outside the vocabulary', { ...text, field: 'tracking' }, 'field', 'unknown'],
    ['a field in another case', { ...text, field: 'Receipt' }, 'field', 'unknown'],
    ['an inherited name as field', { ...text, field: 'constructor' }, 'field', 'unknown'],
    ['a missing reference', { ...document, reference: undefined }, 'reference', 'not_a_string'],
    ['an empty reference', { ...document, reference: '' }, 'reference', 'empty'],
    ['a blank reference', { ...document, reference: '   ' }, 'reference', 'empty'],
    [
      'a reference too long',
      { ...document, reference: 'r'.repeat(EVIDENCE_REFERENCE_MAX_LENGTH + 1) },
      'reference',
      'too_long',
    ],
    [
      'a reference with a newline',
      { ...document, reference: 'key\nother' },
      'reference',
      'bad_format',
    ],
    ['a reference with NUL', { ...document, reference: 'key\u0000' }, 'reference', 'bad_format'],
    [
      'a reference with a lone surrogate',
      { ...document, reference: 'key\ud800' },
      'reference',
      'bad_format',
    ],
    ['a missing media type', { ...document, mediaType: undefined }, 'mediaType', 'not_a_string'],
    ['an empty media type', { ...document, mediaType: ' ' }, 'mediaType', 'empty'],
    ['a GIF', { ...document, mediaType: 'image/gif' }, 'mediaType', 'unsupported'],
    ['image/jpg', { ...document, mediaType: 'image/jpg' }, 'mediaType', 'unsupported'],
    [
      'a media type with parameters',
      { ...document, mediaType: 'application/pdf; q=1' },
      'mediaType',
      'unsupported',
    ],
    [
      'a huge media type',
      { ...document, mediaType: 'a'.repeat(100_000) },
      'mediaType',
      'unsupported',
    ],
    [
      'an inherited name as media type',
      { ...document, mediaType: 'constructor' },
      'mediaType',
      'unsupported',
    ],
    ['a missing size', { ...document, sizeBytes: undefined }, 'sizeBytes', 'not_an_integer'],
    ['a string size', { ...document, sizeBytes: '1000' }, 'sizeBytes', 'not_an_integer'],
    ['a bigint size', { ...document, sizeBytes: 1000n }, 'sizeBytes', 'not_an_integer'],
    ['a fractional size', { ...document, sizeBytes: 10.5 }, 'sizeBytes', 'not_an_integer'],
    ['an unsafe size', { ...document, sizeBytes: 2 ** 60 }, 'sizeBytes', 'not_an_integer'],
    ['a zero size', { ...document, sizeBytes: 0 }, 'sizeBytes', 'not_positive'],
    ['a negative size', { ...document, sizeBytes: -1 }, 'sizeBytes', 'not_positive'],
    ['a PDF over 2 MB', { ...document, sizeBytes: 2 * MB + 1 }, 'sizeBytes', 'too_large'],
    ['a missing hash', { ...document, sha256: undefined }, 'sha256', 'not_a_string'],
    ['an upper-case hash', { ...document, sha256: SHA256.toUpperCase() }, 'sha256', 'bad_format'],
    ['a short hash', { ...document, sha256: SHA256.slice(1) }, 'sha256', 'bad_format'],
    ['a long hash', { ...document, sha256: `${SHA256}0` }, 'sha256', 'bad_format'],
    [
      'a hash with a non-hex letter',
      { ...document, sha256: `g${SHA256.slice(1)}` },
      'sha256',
      'bad_format',
    ],
    [
      'a hash with a trailing newline',
      { ...document, sha256: `${SHA256}\n` },
      'sha256',
      'bad_format',
    ],
    ['a missing text', { ...text, text: undefined }, 'text', 'not_a_string'],
    ['a number text', { ...text, text: 42 }, 'text', 'not_a_string'],
    ['an empty text', { ...text, text: '' }, 'text', 'empty'],
    ['a blank text', { ...text, text: ' \n\t ' }, 'text', 'empty'],
    [
      'a text too long',
      { ...text, text: 'x'.repeat(EVIDENCE_TEXT_MAX_LENGTH + 1) },
      'text',
      'too_long',
    ],
    ['a text with a control character', { ...text, text: 'ok\u0007' }, 'text', 'bad_format'],
    ['a text with a lone surrogate', { ...text, text: 'ok\udc00' }, 'text', 'bad_format'],
  ])('refuses %s', (_label, input, property, reason) => {
    expect(parseEvidenceItem(input)._unsafeUnwrapErr()).toEqual({
      type: 'disputes.evidence_invalid',
      property,
      reason,
    });
  });

  it('never echoes the rejected value', () => {
    const secret = '4111111111111111';
    const error = parseEvidenceItem({ ...text, field: secret })._unsafeUnwrapErr();
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});

describe('parseEvidenceItems', () => {
  it('accepts up to the maximum number of items per dispute', () => {
    const items = Array(EVIDENCE_ITEMS_PER_DISPUTE_MAX).fill(text);
    expect(parseEvidenceItems(items)._unsafeUnwrap()).toHaveLength(EVIDENCE_ITEMS_PER_DISPUTE_MAX);
    expect(EVIDENCE_ITEMS_PER_DISPUTE_MAX).toBe(50);
  });

  it('refuses one item more than the maximum', () => {
    const items = Array(EVIDENCE_ITEMS_PER_DISPUTE_MAX + 1).fill(text);
    expect(parseEvidenceItems(items)._unsafeUnwrapErr()).toEqual({
      type: 'disputes.evidence_list_invalid',
      reason: 'too_many',
      items: [],
    });
  });

  it('refuses a list that is not one', () => {
    expect(parseEvidenceItems({ 0: text })._unsafeUnwrapErr()).toMatchObject({
      reason: 'not_a_list',
    });
  });

  it('reports every bad item with its index', () => {
    const error = parseEvidenceItems([
      text,
      { ...text, field: 'nope' },
      document,
      { ...document, sizeBytes: 0 },
    ])._unsafeUnwrapErr();
    expect(error).toEqual({
      type: 'disputes.evidence_list_invalid',
      reason: 'items_invalid',
      items: [
        {
          index: 1,
          error: { type: 'disputes.evidence_invalid', property: 'field', reason: 'unknown' },
        },
        {
          index: 3,
          error: {
            type: 'disputes.evidence_invalid',
            property: 'sizeBytes',
            reason: 'not_positive',
          },
        },
      ],
    });
  });
});
