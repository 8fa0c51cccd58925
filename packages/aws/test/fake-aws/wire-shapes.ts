import { type JsonBody, WireViolation } from './aws-json-server.js';

// Checks on request bodies, written from the KMS and Secrets Manager API references: field names,
// types and length limits. A failed check is a WireViolation, which the fake records.

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Refuses any field outside `allowed`: the adapter sends exactly what it means to send. */
export function onlyFields(body: JsonBody, allowed: readonly string[]): void {
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) throw new WireViolation(`unexpected field ${field}`);
  }
}

/** A required string field of 1..`maxLength` characters. */
export function requiredString(body: JsonBody, field: string, maxLength = 2048): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new WireViolation(`${field} must be a string of 1-${maxLength} characters`);
  }
  return value;
}

/** An optional string field; `undefined` when absent. */
export function optionalString(body: JsonBody, field: string, maxLength = 2048) {
  return body[field] === undefined ? undefined : requiredString(body, field, maxLength);
}

/** A required blob: canonical base64 whose bytes are `minBytes..maxBytes` long. */
export function requiredBlob(
  body: JsonBody,
  field: string,
  minBytes: number,
  maxBytes: number,
): Buffer {
  const value = body[field];
  if (typeof value !== 'string' || !CANONICAL_BASE64.test(value)) {
    throw new WireViolation(`${field} must be a base64 blob`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < minBytes || bytes.length > maxBytes) {
    throw new WireViolation(`${field} must be ${minBytes}-${maxBytes} bytes`);
  }
  return bytes;
}

/**
 * A required encryption context: an object of string values. Our adapter always sends one on
 * wrap and unwrap (an empty object for an empty context), so its absence is a violation here
 * even though KMS itself treats the field as optional.
 */
export function requiredContext(body: JsonBody, field: string): Record<string, string> {
  const value = body[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireViolation(`${field} must be present as an object`);
  }
  const context: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' || key.length === 0) {
      throw new WireViolation(`${field} entries must be non-empty keys with string values`);
    }
    context[key] = entry;
  }
  return context;
}

/** A required integer field within `min..max`. */
export function requiredInteger(body: JsonBody, field: string, min: number, max: number): number {
  const value = body[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new WireViolation(`${field} must be an integer in ${min}-${max}`);
  }
  return value;
}

/** A required field that must equal `expected` exactly. */
export function requiredValue(body: JsonBody, field: string, expected: string): void {
  if (body[field] !== expected) throw new WireViolation(`${field} must be ${expected}`);
}
