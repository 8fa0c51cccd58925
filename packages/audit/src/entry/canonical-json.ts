import { assert, type JsonValue } from '@strongroom/kernel';

/**
 * Serializes JSON canonically — object keys sorted by UTF-16 code units, no whitespace — so that
 * one entry always yields the same leaf bytes. For the values audit entries hold (strings, safe
 * integers, booleans, null) this is RFC 8785 (JCS) output.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    assert(Number.isFinite(value), 'JSON numbers are finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  const members = keys.map(
    (key) =>
      `${JSON.stringify(key)}:${canonicalJson((value as Record<string, JsonValue>)[key] ?? null)}`,
  );
  return `{${members.join(',')}}`;
}
