import { isLuhnValid } from '@strongroom/audit';
import type { SensitiveValues } from './sensitive-values.js';

/** Shortest and longest digit runs the Luhn scan treats as possible card numbers. */
export const CARD_NUMBER_DIGITS = { min: 13, max: 19 } as const;

/** Where collections of the vault itself start: the Luhn scan applies to their rows. */
export const VAULT_COLLECTION_PREFIX = 'vault.';

// DynamoDB single-table layout: `t#<tenant>#r#<collection>` (packages/dynamodb/README.md).
const DYNAMODB_RECORD_KEY = /^t#[^#]+#r#(.+)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The collection of one dumped row, read from the layouts of the bundled backends: a JSON object
 * with a `collection` column (memory rows, Postgres `row_to_json`) or a DynamoDB item whose `pk`
 * is `t#<tenant>#r#<collection>`. `undefined` for any other row (outbox events, unknown layouts),
 * which the scan then checks as strictly as a vault row.
 */
export function dumpedRowCollection(row: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  if (typeof parsed['collection'] === 'string') return parsed['collection'];
  const partitionKey = parsed['pk'];
  if (isObject(partitionKey) && typeof partitionKey['S'] === 'string') {
    return DYNAMODB_RECORD_KEY.exec(partitionKey['S'])?.[1];
  }
  return undefined;
}

/** Whether a dumped row belongs to `collection` and names `id` (its record id or key). */
export function isDumpedRowOf(row: string, collection: string, id: string): boolean {
  return dumpedRowCollection(row) === collection && row.includes(id);
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Texts that betray key material wherever it sits in a stored value: hex (both cases), the bytes
 * as a JSON array, and base64 and base64url at each of the three byte alignments a key can have
 * inside a longer encoded value. For an alignment, the first and last 4-character groups may mix
 * in neighbouring bytes, so only the groups that encode key bytes alone are searched for.
 */
export function keyEncodings(bytes: Uint8Array): readonly string[] {
  const needles = new Set([hex(bytes), hex(bytes).toUpperCase(), bytes.join(',')]);
  for (const shift of [0, 1, 2]) {
    const padded = new Uint8Array(shift + bytes.length + 2);
    padded.set(bytes, shift);
    const middle = base64(padded).slice(4, -8);
    needles.add(middle);
    needles.add(middle.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...needles];
}

// ISO instants (vault timestamps, Postgres `created_at`): their digits are no security code.
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?/g;
// Words holding a letter: envelopes, tokens, TypeIDs, hashes, base64 — random text in which a
// short code could appear by chance. Cut out before looking for a code standing alone.
const WORDS_WITH_LETTERS = /[A-Za-z0-9_+/=.-]*[A-Za-z][A-Za-z0-9_+/=.-]*/g;

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One thing found where it must not be: what, and in which row (never the value itself). */
export interface ScanFinding {
  readonly what: string;
  readonly row: number;
  readonly collection: string | null;
}

function digitsOnlyRuns(text: string): string {
  // Digits grouped by single spaces or dashes count as one run: `4242 4242 4242 4242`.
  return (text.match(/\d(?:[ -]?\d)*/g) ?? []).map((run) => run.replace(/[ -]/g, '')).join('|');
}

function luhnValidRun(text: string): boolean {
  for (const match of text.matchAll(new RegExp(`\\d{${CARD_NUMBER_DIGITS.min},}`, 'g'))) {
    const run = match[0];
    for (let length = CARD_NUMBER_DIGITS.min; length <= CARD_NUMBER_DIGITS.max; length += 1) {
      for (let start = 0; start + length <= run.length; start += 1) {
        if (isLuhnValid(run.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}

/**
 * Scans raw dumped rows for the sensitive values of a run:
 * - a card number anywhere, also as the digits of a longer or grouped run;
 * - a security code in a context that gives it away: a JSON value of its own, after a key named
 *   like one (`cvv`, `cvc`, `securityCode`, …), or standing alone in a vault row once random
 *   text and timestamps are cut out;
 * - a cardholder name or personal field value (any case);
 * - key material in hex, base64 or base64url at any alignment (see {@link keyEncodings});
 * - in rows of `vault.*` collections or of unknown layout, any Luhn-valid run of 13–19 digits
 *   (tenant ids masked first; audit sequence ids are zero-padded numbers and may pass Luhn, so
 *   audit rows are left out of this one check).
 */
export function scanDump(rows: readonly string[], values: SensitiveValues): ScanFinding[] {
  const findings: ScanFinding[] = [];
  const keyNeedles = values.keys.map((key) => ({
    label: key.label,
    needles: keyEncodings(key.bytes),
  }));
  const tenantPatterns = values.tenantIds
    .toSorted((a, b) => b.length - a.length)
    .map((tenantId) => new RegExp(escapeForPattern(tenantId), 'g'));
  const codePatterns = values.securityCodes.map((cvv) => ({
    cvv,
    quoted: new RegExp(`\\\\*"${cvv}\\\\*"`),
    // A bare JSON number equal to the code: suspect in the vault's own records; elsewhere (an
    // audit leaf's index, a count) it is a coincidence unless a key names it (`named`).
    numeric: new RegExp(`:${cvv}(?!\\d)`),
    named: new RegExp(`(?:cvv|cvc|cid|csc|security[ _-]?code)\\W{0,16}${cvv}(?!\\d)`, 'i'),
    alone: new RegExp(`(?<!\\d)${cvv}(?!\\d)`),
  }));
  const texts = values.texts.map((text) => text.toLowerCase());

  rows.forEach((row, index) => {
    const collection = dumpedRowCollection(row) ?? null;
    const found = (what: string) => findings.push({ what, row: index, collection });
    const digits = digitsOnlyRuns(row);
    for (const pan of values.pans) {
      if (row.includes(pan) || digits.includes(pan)) found(`card number ending ${pan.slice(-4)}`);
    }
    const lower = row.toLowerCase();
    for (const [position, text] of texts.entries()) {
      if (lower.includes(text)) found(`name or field value #${position}`);
    }
    for (const { label, needles } of keyNeedles) {
      if (needles.some((needle) => row.includes(needle))) found(`key material: ${label}`);
    }
    const strict = collection === null || collection.startsWith(VAULT_COLLECTION_PREFIX);
    let masked = row;
    for (const pattern of tenantPatterns) masked = masked.replace(pattern, 'tenant');
    const bare = masked.replace(ISO_INSTANT, ' ').replace(WORDS_WITH_LETTERS, ' ');
    for (const { cvv, quoted, numeric, named, alone } of codePatterns) {
      const suspect = quoted.test(masked) || named.test(masked);
      if (suspect || (strict && (numeric.test(masked) || alone.test(bare)))) {
        found(`security code of ${cvv.length} digits`);
      }
    }
    if (strict && luhnValidRun(masked)) found('Luhn-valid digit run');
  });
  return findings;
}
