import { assert } from '@strongroom/kernel';
import type { WebCryptoKey } from './web-crypto-key.js';

/** Bytes of an HMAC-SHA-256 output. */
export const HMAC_SHA256_BYTES = 32;

/** A raw key or one already imported with {@link importHmacSha256Key}. */
export type HmacSha256Key = Uint8Array | WebCryptoKey;

/**
 * Imports an HMAC-SHA-256 key once, for keys used many times (fingerprints, blind indexes).
 * Non-extractable; keys longer than the 64-byte block are hashed first, as RFC 2104 says.
 */
export function importHmacSha256Key(keyBytes: Uint8Array): Promise<WebCryptoKey> {
  assert(keyBytes.byteLength > 0, 'an HMAC key is not empty');
  return crypto.subtle.importKey(
    'raw',
    keyBytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

/** HMAC-SHA-256 (RFC 2104) through WebCrypto; the full 32-byte tag. */
export async function hmacSha256(key: HmacSha256Key, message: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = key instanceof Uint8Array ? await importHmacSha256Key(key) : key;
  const tag = await crypto.subtle.sign('HMAC', cryptoKey, message as Uint8Array<ArrayBuffer>);
  return new Uint8Array(tag);
}
