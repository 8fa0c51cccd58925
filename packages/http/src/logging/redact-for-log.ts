import { isSecretKeyName } from '@strongroom/audit';
import { containsCardNumber, redactCardNumbers } from '@strongroom/kernel';

/** What replaces a redacted value in a log line. */
export const REDACTED = '[redacted]';

/** Deepest nesting a logged value keeps; deeper parts are cut, so a hostile body cannot blow up a log. */
const DEPTH_MAX = 6;
/** Most array items or object keys a logged value keeps. */
const ITEMS_MAX = 50;
/** Longest logged string. */
const STRING_LENGTH_MAX = 2000;

// A compact JWS (three base64url parts, the first a JSON header) and a bearer credential.
const JWT_PATTERN = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g;
const BEARER_PATTERN = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;

/** A string with tokens, bearer credentials and card-number-like digit runs replaced. */
export function redactText(text: string): string {
  const short = text.length > STRING_LENGTH_MAX ? `${text.slice(0, STRING_LENGTH_MAX)}…` : text;
  return redactCardNumbers(
    short.replace(JWT_PATTERN, REDACTED).replace(BEARER_PATTERN, `$1 ${REDACTED}`),
    REDACTED,
  );
}

/**
 * A copy of `value` safe to log: values under keys named like secrets (`password`, `token`,
 * `cvv`, `pan`, …) replaced, card numbers and tokens cut out of every string, bigints as
 * strings, and size bounded. Redaction happens in the adapter, so no caller can forget it.
 */
export function redactForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return containsCardNumber(String(value)) ? REDACTED : value;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (depth >= DEPTH_MAX) return '[truncated]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.slice(0, ITEMS_MAX).map((item) => redactForLog(item, depth + 1));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, ITEMS_MAX)) {
    const safeKey = containsCardNumber(key) ? REDACTED : key;
    copy[safeKey] = isSecretKeyName(key) ? REDACTED : redactForLog(item, depth + 1);
  }
  return copy;
}
