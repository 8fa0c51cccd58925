import { err, ok, type Result } from '@strongroom/kernel';
import type { WrapContext } from './kms.js';
import type { KmsInvalidRequestError } from './kms-error.js';

/** The most entries a {@link WrapContext} may have. */
export const WRAP_CONTEXT_MAX_ENTRIES = 16;

/** The longest context value, in UTF-8 bytes. */
export const WRAP_CONTEXT_VALUE_MAX_BYTES = 256;

/** What a context key may look like: a short lowercase identifier such as `tenant` or `purpose`. */
export const WRAP_CONTEXT_KEY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const LABEL = 'strongroom/kms/wrap-context/v1';
const encoder = new TextEncoder();

const invalid = (reason: string): Result<never, KmsInvalidRequestError> =>
  err({ type: 'kms.invalid_request', field: 'context', reason });

/**
 * The canonical bytes of a wrap context, used as GCM additional data by the software KMS (and any
 * adapter that authenticates the context itself): a label, the entry count, then each entry
 * sorted by key, key and value each as a u32 big-endian byte length followed by UTF-8. Equal
 * contexts give equal bytes whatever their property order; different contexts never collide.
 * Keys are ASCII identifiers, so sorting by UTF-16 code units equals sorting by bytes.
 */
export function encodeWrapContext(
  context: WrapContext,
): Result<Uint8Array, KmsInvalidRequestError> {
  if (typeof context !== 'object' || context === null) return invalid('not_an_object');
  const keys = Object.keys(context);
  if (keys.length > WRAP_CONTEXT_MAX_ENTRIES) return invalid('too_many_entries');
  keys.sort();
  const parts: Uint8Array[] = [encoder.encode(LABEL), u32(keys.length)];
  for (const key of keys) {
    if (!WRAP_CONTEXT_KEY_PATTERN.test(key)) return invalid('bad_key');
    const value = context[key];
    if (typeof value !== 'string' || !value.isWellFormed()) return invalid('bad_value');
    const valueBytes = encoder.encode(value);
    if (valueBytes.byteLength > WRAP_CONTEXT_VALUE_MAX_BYTES) return invalid('value_too_long');
    const keyBytes = encoder.encode(key);
    parts.push(u32(keyBytes.byteLength), keyBytes, u32(valueBytes.byteLength), valueBytes);
  }
  const labelBytes = parts[0] as Uint8Array;
  const out = new Uint8Array(4 + parts.reduce((sum, part) => sum + part.byteLength, 0));
  out.set(u32(labelBytes.byteLength), 0);
  let offset = 4;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return ok(out);
}

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}
