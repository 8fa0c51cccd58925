import { assert } from '@strongroom/kernel';

/**
 * Object ids of the built-in types whose default JavaScript form would be a lossy `number`
 * (fixed in every PostgreSQL catalog, so both drivers can key parsers by them).
 */
export const PG_TYPE_OID = {
  int8: 20,
  int8Array: 1016,
  numeric: 1700,
  numericArray: 1231,
} as const;

/** Parses an int8 exactly: money in minor units is an int8, and a double would round it. */
export function parseInt8(text: string): bigint {
  return BigInt(text);
}

/** Keeps a numeric as its decimal text: no binary float can hold every numeric exactly. */
export function parseNumeric(text: string): string {
  return text;
}

/** Applies a parser to every element of a (possibly nested) array that a driver has split. */
export function mapArrayElements<Element, Parsed>(
  value: unknown,
  parse: (element: Element) => Parsed,
): unknown {
  if (Array.isArray(value)) return value.map((element) => mapArrayElements(element, parse));
  return value === null ? null : parse(value as Element);
}

/**
 * Converts an int8 record version to the `number` the storage port uses. A version grows by one
 * per write, so it stays far below 2^53; a value that is not a `bigint` means a pool was built
 * without the int8 parser, which this package relies on everywhere money is read.
 */
export function versionFromInt8(value: unknown): number {
  assert(
    typeof value === 'bigint',
    'int8 must come back as bigint: build the pool with postgresTypes from @strongroom/postgres',
  );
  const version = Number(value);
  assert(Number.isSafeInteger(version), 'a record version is a safe integer');
  return version;
}
