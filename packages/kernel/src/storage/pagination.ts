import { err, ok, type Result } from 'neverthrow';
import { type ValidationError, validationError } from '../errors/validation-error.js';

declare const cursorBrand: unique symbol;

/** An opaque position in a listing, returned by one page and passed to get the next. */
export type Cursor = string & { readonly [cursorBrand]: true };

/** The most items one page may hold, on every adapter. */
export const PAGE_LIMIT_MAX = 1000;

/** Asks for one page of a listing in ascending key order. */
export interface PageRequest {
  /** How many items at most, 1 to {@link PAGE_LIMIT_MAX}. */
  readonly limit: number;
  /** Where the previous page ended; absent for the first page. */
  readonly after?: Cursor;
}

/** One page of a listing; `next` is `null` on the last page. */
export interface Page<Item> {
  readonly items: readonly Item[];
  readonly next: Cursor | null;
}

/**
 * Encodes a key as a cursor. Cursors are base64url so they survive URLs; they are opaque to
 * callers but carry no secret (the key is already visible in the page).
 */
export function encodeCursor(key: string): Cursor {
  const binary = String.fromCharCode(...new TextEncoder().encode(key));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') as Cursor;
}

/** The key a cursor stands for; cursors reach adapters only through {@link parsePageRequest}. */
export function decodeCursor(cursor: Cursor): string {
  const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  return utf8Decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

// Fatal, so a cursor whose bytes are not UTF-8 is refused instead of decoded to U+FFFD.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function isDecodableCursor(candidate: string): boolean {
  try {
    decodeCursor(candidate as Cursor);
    return true;
  } catch {
    return false;
  }
}

/** Validates a page request from untrusted input. */
export function parsePageRequest(input: {
  limit?: unknown;
  after?: unknown;
}): Result<PageRequest, ValidationError> {
  const limit = input.limit ?? 100;
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > PAGE_LIMIT_MAX
  ) {
    return err(validationError('limit', 'out_of_range'));
  }
  if (input.after === undefined) return ok({ limit });
  if (
    typeof input.after !== 'string' ||
    !/^[A-Za-z0-9_-]{1,1024}$/.test(input.after) ||
    !isDecodableCursor(input.after)
  ) {
    return err(validationError('after', 'bad_format'));
  }
  return ok({ limit, after: input.after as Cursor });
}
