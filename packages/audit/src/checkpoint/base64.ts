// Standard base64 (RFC 4648 §4) with padding, the only encoding C2SP notes use. `btoa`/`atob`
// exist on every runtime we target (browsers, Node, Deno, Bun, workers), unlike `Buffer`.

// Whole quanta of four characters, the last one optionally padded.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Chunked so that `String.fromCharCode` never receives more arguments than an engine allows.
const CHUNK_BYTES = 0x8000;

/** Encodes bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK_BYTES));
  }
  return btoa(binary);
}

/**
 * Decodes padded standard base64, or returns `undefined`. Only the canonical spelling is accepted:
 * no whitespace, no URL alphabet, no missing padding and no non-zero bits in the padding, so every
 * byte string has exactly one encoding and a changed character always means changed bytes.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!STANDARD_BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  // `atob` ignores set bits in the unused low bits of the last character; re-encoding exposes them.
  return encodeBase64(bytes) === text ? bytes : undefined;
}
