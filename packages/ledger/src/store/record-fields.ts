import { assert, type Currency, type Id, type JsonObject, parseCurrency } from '@strongroom/kernel';

// Record bodies are written by the ledger alone, so a field of the wrong shape is a broken
// invariant (a bug, or a row edited behind the ledger's back): every reader here asserts.

const DECIMAL_INTEGER_PATTERN = /^(0|-?[1-9]\d{0,39})$/;
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// A TypeID suffix: 26 Crockford base32 characters, the first at most 7 (128 bits).
const TYPE_ID_SUFFIX_PATTERN = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;

/** Writes a bigint as a decimal string, the form every backend stores without rounding. */
export function bigintField(value: bigint): string {
  return value.toString(10);
}

/** Reads a string field. */
export function readString(data: JsonObject, key: string, record: string): string {
  const value = data[key];
  assert(typeof value === 'string', `a ${record} record has a string ${key}`);
  return value;
}

/** Reads an integer field within [minimum, maximum]. */
export function readInteger(
  data: JsonObject,
  key: string,
  record: string,
  minimum: number,
  maximum: number,
): number {
  const value = data[key];
  assert(
    typeof value === 'number' &&
      Number.isSafeInteger(value) &&
      value >= minimum &&
      value <= maximum,
    `a ${record} record has an integer ${key}`,
  );
  return value;
}

/** Reads a boolean field. */
export function readBoolean(data: JsonObject, key: string, record: string): boolean {
  const value = data[key];
  assert(typeof value === 'boolean', `a ${record} record has a boolean ${key}`);
  return value;
}

/** Reads a bigint stored as a decimal string. */
export function readBigint(data: JsonObject, key: string, record: string): bigint {
  const value = data[key];
  assert(
    typeof value === 'string' && DECIMAL_INTEGER_PATTERN.test(value),
    `a ${record} record has a decimal ${key}`,
  );
  return BigInt(value);
}

/** Reads a non-negative bigint stored as a decimal string (an amount, a balance, a stamp). */
export function readNonNegativeBigint(data: JsonObject, key: string, record: string): bigint {
  const value = readBigint(data, key, record);
  assert(value >= 0n, `a ${record} record has a non-negative ${key}`);
  return value;
}

/** Reads a bigint or null. */
export function readNullableBigint(data: JsonObject, key: string, record: string): bigint | null {
  return data[key] === null ? null : readBigint(data, key, record);
}

/** Reads an instant stored as an ISO 8601 UTC string with milliseconds. */
export function readDate(data: JsonObject, key: string, record: string): Date {
  const value = data[key];
  assert(
    typeof value === 'string' && ISO_INSTANT_PATTERN.test(value),
    `a ${record} record has an ISO instant ${key}`,
  );
  const date = new Date(value);
  assert(!Number.isNaN(date.getTime()), `a ${record} record has a valid ${key}`);
  return date;
}

/** Reads an instant or null. */
export function readNullableDate(data: JsonObject, key: string, record: string): Date | null {
  return data[key] === null ? null : readDate(data, key, record);
}

/** Writes an instant or null. */
export function dateField(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** Reads a TypeID with the given prefix. */
export function readId<Prefix extends string>(
  data: JsonObject,
  key: string,
  record: string,
  prefix: Prefix,
): Id<Prefix> {
  const value = data[key];
  assert(isStoredId(value, prefix), `a ${record} record has a ${prefix} id in ${key}`);
  return value as Id<Prefix>;
}

/** Reads a TypeID or null. */
export function readNullableId<Prefix extends string>(
  data: JsonObject,
  key: string,
  record: string,
  prefix: Prefix,
): Id<Prefix> | null {
  return data[key] === null ? null : readId(data, key, record, prefix);
}

/** Whether a value is a TypeID of the prefix, as the ledger stores them (already parsed once). */
export function isStoredId(value: unknown, prefix: string): boolean {
  return (
    typeof value === 'string' &&
    value.length === prefix.length + 27 &&
    value.startsWith(`${prefix}_`) &&
    TYPE_ID_SUFFIX_PATTERN.test(value.slice(prefix.length + 1))
  );
}

/** Reads a currency code. */
export function readCurrency(data: JsonObject, key: string, record: string): Currency {
  const parsed = parseCurrency(data[key]);
  assert(parsed.isOk(), `a ${record} record has a currency in ${key}`);
  return parsed.value;
}

/** Reads a JSON object field (metadata). */
export function readObject(data: JsonObject, key: string, record: string): JsonObject {
  const value = data[key];
  assert(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    `a ${record} record has an object ${key}`,
  );
  return value as JsonObject;
}

/** Reads one of a closed set of strings. */
export function readEnum<Value extends string>(
  data: JsonObject,
  key: string,
  record: string,
  values: readonly Value[],
): Value {
  const value = data[key];
  assert(
    typeof value === 'string' && (values as readonly string[]).includes(value),
    `a ${record} record has a known ${key}`,
  );
  return value as Value;
}

/** Left-pads a non-negative integer to a fixed number of digits, so ids sort numerically. */
export function padDigits(value: bigint | number, digits: number): string {
  const text = value.toString(10);
  assert(!text.startsWith('-') && text.length <= digits, `a key part fits ${digits} digits`);
  return text.padStart(digits, '0');
}
