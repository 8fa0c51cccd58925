// RFC 4648 base64 in both alphabets. `btoa` and `atob` exist on every runtime the domain packages
// target (browsers, Node, Deno, Bun, workers), unlike `Buffer`; Node 24 lacks Uint8Array.fromBase64.

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// Chunked so `String.fromCharCode` never receives more arguments than an engine allows.
const CHUNK_BYTES = 0x8000;

function binaryString(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK_BYTES) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK_BYTES));
  }
  return binary;
}

function bytesOf(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Encodes bytes as padded standard base64 (RFC 4648 §4): the keyring and secret file format. */
export function encodeBase64(bytes: Uint8Array): string {
  return btoa(binaryString(bytes));
}

/**
 * Decodes padded standard base64, or returns `undefined`. Only the canonical spelling is accepted
 * (no whitespace, no missing padding, no stray bits), so a changed character means changed bytes.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!STANDARD_BASE64.test(text)) return undefined;
  const bytes = bytesOf(atob(text));
  // `atob` ignores set bits in the unused low bits of the last character; re-encoding exposes them.
  return encodeBase64(bytes) === text ? bytes : undefined;
}

/** Encodes bytes as unpadded base64url (RFC 4648 §5): safe in record values, URLs and dotted text. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url, or returns `undefined`; only the canonical spelling is accepted. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = bytesOf(atob(text.replaceAll('-', '+').replaceAll('_', '/')));
  return encodeBase64Url(bytes) === text ? bytes : undefined;
}
