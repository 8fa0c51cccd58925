import type { AuditEntry } from '../entry/audit-entry.js';

/**
 * One entry line of an export: `[index,entry]`, where `entry` is the leaf's canonical JSON written
 * verbatim (an object, not re-encoded as a string). The line is JSON that any tool reads, and a
 * verifier finds the exact leaf bytes between the first comma and the closing bracket without
 * parsing or unescaping them — the leaf hash covers those bytes, so nothing else needs trusting.
 */
export type ExportEntryLine = readonly [index: number, entry: AuditEntry];

/**
 * The longest export line a verifier reads, in bytes or UTF-16 units: far above any entry (details
 * are bounded to 4 KiB) and any checkpoint, so only a corrupt file reaches it.
 */
export const AUDIT_EXPORT_LINE_MAX_LENGTH = 1024 * 1024;

/** Writes the entry line of the leaf at `index` (`leaf` is its canonical JSON). */
export function formatEntryLine(index: number, leaf: string): string {
  return `[${index},${leaf}]`;
}

/** Where an entry line's parts are: its index, and the leaf as the range `[leafStart, leafEnd)`. */
export interface EntryLineBounds {
  readonly index: number;
  readonly leafStart: number;
  readonly leafEnd: number;
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const COMMA = 0x2c;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
// Sequence numbers stay below 2^53: at most 16 decimal digits.
const INDEX_DIGITS_MAX = 16;

/**
 * The code at a position of a line given as bytes of the file or as a string's UTF-16 units (the
 * delimiters and digits an entry line is checked by are ASCII in both), `undefined` past its end.
 */
export function codeAt(line: string | Uint8Array, position: number): number | undefined {
  if (typeof line !== 'string') return line[position];
  return position < line.length ? line.charCodeAt(position) : undefined;
}

/**
 * Finds the parts of the first `length` codes of an entry line, or `undefined` when they are not
 * `[<index>,{…}]` with a canonical index (no sign, no leading zero, below 2^53).
 */
export function entryLineBounds(
  line: string | Uint8Array,
  length: number,
): EntryLineBounds | undefined {
  if (codeAt(line, 0) !== OPEN_BRACKET || codeAt(line, length - 1) !== CLOSE_BRACKET) {
    return undefined;
  }
  let index = 0;
  let position = 1;
  for (let code = codeAt(line, position); code !== COMMA; code = codeAt(line, position)) {
    if (code === undefined || code < DIGIT_ZERO || code > DIGIT_NINE) return undefined;
    index = index * 10 + (code - DIGIT_ZERO);
    position += 1;
  }
  const digits = position - 1;
  const leadingZero = digits > 1 && codeAt(line, 1) === DIGIT_ZERO;
  if (digits === 0 || digits > INDEX_DIGITS_MAX || leadingZero || !Number.isSafeInteger(index))
    return undefined;
  const leafStart = position + 1;
  const leafEnd = length - 1;
  if (leafStart >= leafEnd || codeAt(line, leafStart) !== OPEN_BRACE) return undefined;
  return { index, leafStart, leafEnd };
}
