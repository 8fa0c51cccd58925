/**
 * Copies the named own fields of an untrusted input into a plain record, so that later checks
 * read stable values. A non-object, or an object whose reading throws (a hostile getter or
 * proxy), gives `null`: the caller reports it as a missing id, never as an exception.
 */
export function readInputRecord(
  input: unknown,
  keys: readonly string[],
): Readonly<Record<string, unknown>> | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  try {
    const record: Record<string, unknown> = {};
    for (const key of keys) {
      const value = Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
      // `null` and `undefined` both mean "absent" for every optional field.
      if (value !== undefined && value !== null) record[key] = value;
    }
    return record;
  } catch {
    return null;
  }
}

/**
 * Copies an untrusted array of at most `maxLength` elements: `null` when it is not an array or
 * cannot be read (a hostile proxy), `'too_long'` when longer, checked before any element is read.
 */
export function readInputArray(value: unknown, maxLength: number): unknown[] | 'too_long' | null {
  try {
    if (!Array.isArray(value)) return null;
    if (value.length > maxLength) return 'too_long';
    return Array.from(value as unknown[]);
  } catch {
    return null;
  }
}

/** The field names present in an untrusted object, or `null` if it cannot be read as one. */
export function ownKeysOf(input: unknown): string[] | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  try {
    return Object.keys(input);
  } catch {
    return null;
  }
}

/**
 * Reads a flags object: every key must be one of `names` with a boolean value, absent flags are
 * `false`. Anything else (an unknown name, a non-boolean, a non-object) gives `null`, reported as
 * `reserved_flag`.
 */
export function readFlags<Name extends string>(
  input: unknown,
  names: readonly Name[],
): Record<Name, boolean> | null {
  const flags = Object.fromEntries(names.map((name) => [name, false])) as Record<Name, boolean>;
  if (input === undefined || input === null) return flags;
  const keys = ownKeysOf(input);
  if (keys === null) return null;
  const known = new Set<string>(names);
  const record = readInputRecord(input, keys);
  if (record === null) return null;
  for (const key of keys) {
    if (!known.has(key)) return null;
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return null;
    flags[key as Name] = value;
  }
  return flags;
}
