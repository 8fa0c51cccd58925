import { isStorableText } from '../cache/storable-text.js';
import { assert } from '../errors/assert.js';
import { type JsonObject, jsonByteLength } from '../json/json-value.js';

/** One stored response of a completed request, replayed to every retry with its key. */
export interface StoredResponse {
  /** A final HTTP status, 200 to 599. */
  readonly status: number;
  /** Header names are HTTP tokens; values are text without CR, LF or U+0000. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Largest stored response, in UTF-8 bytes of its JSON form (see {@link storedResponseJson}), so
 * escapes count as stored: well below DynamoDB's 400 KB item limit.
 */
export const IDEMPOTENT_RESPONSE_MAX_BYTES = 64 * 1024;

// RFC 9110 `token`: the characters of a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function isHeaderValue(value: unknown): boolean {
  return typeof value === 'string' && isStorableText(value) && !/[\r\n]/.test(value);
}

/**
 * Checks a response as every {@link IdempotencyStore} adapter must, before storing it and after
 * reading it back. The response is built by code, so a malformed one is a bug and throws; one
 * that is merely too large is not (see {@link storedResponseFits}).
 */
export function assertStoredResponse(response: unknown): asserts response is StoredResponse {
  assert(typeof response === 'object' && response !== null, 'a stored response is an object');
  const { status, headers, body } = response as Record<string, unknown>;
  assert(
    Number.isSafeInteger(status) && (status as number) >= 200 && (status as number) <= 599,
    'a stored response has a final HTTP status from 200 to 599',
  );
  assert(
    typeof headers === 'object' &&
      headers !== null &&
      !Array.isArray(headers) &&
      Object.entries(headers).every(
        ([name, value]) => HEADER_NAME.test(name) && isHeaderValue(value),
      ),
    'stored response headers are token names with text values without CR, LF or U+0000',
  );
  assert(
    typeof body === 'string' && isStorableText(body),
    'a stored response body is well-formed text without U+0000',
  );
}

/** The response as stores keep it: exactly its three fields, as a JSON object. */
export function storedResponseJson(response: StoredResponse): JsonObject {
  return { status: response.status, headers: { ...response.headers }, body: response.body };
}

/** Whether a store keeps `response`: at most {@link IDEMPOTENT_RESPONSE_MAX_BYTES} as stored. */
export function storedResponseFits(response: StoredResponse): boolean {
  return jsonByteLength(storedResponseJson(response)) <= IDEMPOTENT_RESPONSE_MAX_BYTES;
}
