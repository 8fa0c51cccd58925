import { assert, type JsonValue } from '@strongroom/kernel';

/**
 * Serializes JSON canonically — object keys sorted by UTF-16 code units, no whitespace — so that
 * one entry always yields the same leaf bytes. For the values audit entries hold (strings, safe
 * integers, booleans, null) this is RFC 8785 (JCS) output. A member whose value is `undefined`
 * is written as `null`.
 */
export function canonicalJson(value: JsonValue): string {
  // Every audit append serializes its entry here. The fast way copies the value with its keys
  // inserted in sorted order and lets the native JSON.stringify write it. It cannot serve keys
  // that look like array indexes, which objects always enumerate first, in numeric order, nor
  // `__proto__`, which an assignment would take as the copy's prototype.
  const sorted = sortedCopy(value);
  return sorted === UNCOPYABLE_KEY ? canonicalText(value) : JSON.stringify(sorted);
}

const UNCOPYABLE_KEY = Symbol('uncopyable key');
const ARRAY_INDEX_PATTERN = /^(?:0|[1-9]\d*)$/;

function sortedCopy(value: JsonValue): JsonValue | typeof UNCOPYABLE_KEY {
  if (value === null || typeof value !== 'object') return assertFinite(value);
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value) {
      const copied = sortedCopy(item ?? null);
      if (copied === UNCOPYABLE_KEY) return UNCOPYABLE_KEY;
      items.push(copied);
    }
    return items;
  }
  const copy: Record<string, JsonValue> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === '__proto__' || ARRAY_INDEX_PATTERN.test(key)) return UNCOPYABLE_KEY;
    const copied = sortedCopy((value as Record<string, JsonValue>)[key] ?? null);
    if (copied === UNCOPYABLE_KEY) return UNCOPYABLE_KEY;
    copy[key] = copied;
  }
  return copy;
}

function assertFinite<Scalar extends JsonValue>(value: Scalar): Scalar {
  assert(typeof value !== 'number' || Number.isFinite(value), 'JSON numbers are finite');
  return value;
}

// The general way, member by member, for values with keys a copy cannot keep in order.
function canonicalText(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(assertFinite(value));
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalText(item ?? null)).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map(
      (key) =>
        `${JSON.stringify(key)}:${canonicalText((value as Record<string, JsonValue>)[key] ?? null)}`,
    );
  return `{${members.join(',')}}`;
}
