import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cursor,
  decodeCursor,
  encodeCursor,
  PAGE_LIMIT_MAX,
  parsePageRequest,
} from '../src/index.js';

// Well-formed UTF-16 only: a lone surrogate has no UTF-8 form, so no byte-based encoding keeps it.
const keyArbitrary = fc.string({ unit: 'grapheme', maxLength: 200 });

describe('encodeCursor and decodeCursor', () => {
  it.each([
    '',
    'a',
    'acc_01h455vb4pex5vsknk084sn02q',
    'ledger/accounts/0001',
    'ü',
    'ключ',
    '鍵',
    '🔑🗝️',
    '👩‍👩‍👧',
    'a\u0000b',
    '+/=?&#',
  ])('round-trips %j', (key) => {
    const cursor = encodeCursor(key);
    expect(decodeCursor(cursor)).toBe(key);
  });

  it('makes URL-safe cursors that parsePageRequest accepts', () => {
    fc.assert(
      fc.property(
        keyArbitrary.filter((key) => key.length > 0),
        (key) => {
          const cursor = encodeCursor(key);
          expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(parsePageRequest({ after: cursor })._unsafeUnwrap().after).toBe(cursor);
        },
      ),
    );
  });

  it('round-trips any well-formed string', () => {
    fc.assert(
      fc.property(keyArbitrary, (key) => {
        expect(decodeCursor(encodeCursor(key))).toBe(key);
      }),
    );
  });

  it('keeps distinct keys distinct', () => {
    fc.assert(
      fc.property(keyArbitrary, keyArbitrary, (left, right) => {
        fc.pre(left !== right);
        expect(encodeCursor(left)).not.toBe(encodeCursor(right));
      }),
    );
  });

  it('decodes known base64url text', () => {
    expect(decodeCursor('aGVsbG8' as Cursor)).toBe('hello');
    expect(encodeCursor('hello')).toBe('aGVsbG8');
  });
});

describe('parsePageRequest', () => {
  it('defaults the limit to 100', () => {
    expect(parsePageRequest({})._unsafeUnwrap()).toEqual({ limit: 100 });
  });

  it.each([1, 50, PAGE_LIMIT_MAX])('accepts the limit %i', (limit) => {
    expect(parsePageRequest({ limit })._unsafeUnwrap()).toEqual({ limit });
  });

  it('treats a null limit as absent (JSON null), so it gets the default', () => {
    expect(parsePageRequest({ limit: null })._unsafeUnwrap()).toEqual({ limit: 100 });
  });

  it('keeps a valid cursor', () => {
    const after = encodeCursor('acc_01h455vb4pex5vsknk084sn02q');
    expect(parsePageRequest({ limit: 10, after })._unsafeUnwrap()).toEqual({ limit: 10, after });
  });

  it.each([0, -1, PAGE_LIMIT_MAX + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', 10n, true])(
    'refuses the limit %s',
    (limit) => {
      expect(parsePageRequest({ limit })._unsafeUnwrapErr()).toEqual({
        type: 'validation',
        field: 'limit',
        reason: 'out_of_range',
      });
    },
  );

  it.each([
    ['an empty string', ''],
    ['standard base64 characters', 'ab+/'],
    ['padding', 'aGVsbG8='],
    ['whitespace', 'aGVs bG8'],
    ['non-ASCII letters', 'ключ'],
    ['a number', 12],
    ['null', null],
    ['an object', { key: 'a' }],
    ['a cursor over 1024 characters', 'a'.repeat(1025)],
    ['a length that is no whole number of bytes', 'A'],
    ['bytes that are not UTF-8', '_w'],
  ])('refuses %s as the cursor', (_label, after) => {
    expect(parsePageRequest({ after })._unsafeUnwrapErr()).toEqual({
      type: 'validation',
      field: 'after',
      reason: 'bad_format',
    });
  });

  it('accepts a cursor of exactly 1024 characters', () => {
    const longest = encodeCursor('k'.repeat(768));
    expect(longest).toHaveLength(1024);
    expect(parsePageRequest({ after: longest }).isOk()).toBe(true);
  });
});
