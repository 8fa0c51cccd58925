/** A value that survives `JSON.stringify` and `JSON.parse` unchanged: what records and events store. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** A JSON object, the shape of every stored record body and event payload. */
export type JsonObject = { readonly [key: string]: JsonValue };

const encoder = new TextEncoder();

/** Size of a JSON value in UTF-8 bytes as stored, used to enforce payload limits before writing. */
export function jsonByteLength(value: JsonValue): number {
  return encoder.encode(JSON.stringify(value)).byteLength;
}
