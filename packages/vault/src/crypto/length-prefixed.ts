const encoder = new TextEncoder();

/**
 * Joins parts, each preceded by its byte length as a 32-bit big-endian integer (strings as UTF-8),
 * so no two lists of parts give the same bytes (`ab`+`c` vs `a`+`bc`): the form of every
 * additional-data block and MAC input that binds several values.
 */
export function lengthPrefixed(parts: readonly (string | Uint8Array)[]): Uint8Array {
  const encoded = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
  const total = encoded.reduce((sum, part) => sum + 4 + part.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of encoded) {
    view.setUint32(offset, part.byteLength);
    out.set(part, offset + 4);
    offset += 4 + part.byteLength;
  }
  return out;
}
