/**
 * The JSON shape of a domain value: bigints (money) become decimal strings, dates ISO 8601
 * strings, byte arrays base64url; everything else keeps its shape. No number ever carries money.
 */
export type Wire<T> = T extends string | number | boolean | null | undefined
  ? T // branded ids (`string & { brand }`) stay strings, not objects
  : T extends bigint
    ? string
    : T extends Date
      ? string
      : T extends Uint8Array
        ? string
        : T extends readonly (infer Item)[]
          ? Wire<Item>[]
          : T extends object
            ? { -readonly [Key in keyof T]: Wire<T[Key]> }
            : T;

/** Converts a domain value to its {@link Wire} shape. */
export function toWire<T>(value: T): Wire<T> {
  return convert(value) as Wire<T>;
}

function convert(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  if (Array.isArray(value)) return value.map(convert);
  const converted: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) converted[key] = convert(item);
  }
  return converted;
}
