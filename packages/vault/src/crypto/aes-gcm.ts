import { assert } from '@strongroom/kernel';
import type { WebCryptoKey } from './web-crypto-key.js';

/** Bytes of an AES-256 key. */
export const AES_256_KEY_BYTES = 32;

/** Bytes of a GCM nonce: 96 bits, the only length GCM handles without hashing it first. */
export const AES_GCM_NONCE_BYTES = 12;

/** Bytes of a full GCM authentication tag; shorter tags are never produced or accepted. */
export const AES_GCM_TAG_BYTES = 16;

/** A raw 32-byte key or one already imported with {@link importAesGcmKey}. */
export type AesGcmKey = Uint8Array | WebCryptoKey;

/**
 * Imports an AES-256 key for GCM. Non-extractable, so once imported its bytes cannot be read back
 * by any code in the process; the caller zeroes its own copy afterwards.
 */
export function importAesGcmKey(keyBytes: Uint8Array): Promise<WebCryptoKey> {
  assert(keyBytes.byteLength === AES_256_KEY_BYTES, 'an AES-256 key has 32 bytes');
  return crypto.subtle.importKey('raw', keyBytes as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

function gcmParameters(
  nonce: Uint8Array,
  additionalData: Uint8Array | undefined,
): Parameters<typeof crypto.subtle.encrypt>[0] {
  assert(nonce.byteLength === AES_GCM_NONCE_BYTES, 'a GCM nonce has 12 bytes');
  return {
    name: 'AES-GCM',
    iv: nonce as Uint8Array<ArrayBuffer>,
    tagLength: AES_GCM_TAG_BYTES * 8,
    ...(additionalData === undefined
      ? {}
      : { additionalData: additionalData as Uint8Array<ArrayBuffer> }),
  };
}

async function cryptoKeyOf(key: AesGcmKey): Promise<WebCryptoKey> {
  return key instanceof Uint8Array ? importAesGcmKey(key) : key;
}

/**
 * AES-256-GCM encryption through WebCrypto (hardware AES on every server CPU). Returns the
 * ciphertext followed by the 16-byte tag. The caller guarantees the nonce is never reused with the
 * same key.
 */
export async function aesGcmEncrypt(
  key: AesGcmKey,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  additionalData?: Uint8Array,
): Promise<Uint8Array> {
  const sealed = await crypto.subtle.encrypt(
    gcmParameters(nonce, additionalData),
    await cryptoKeyOf(key),
    plaintext as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(sealed);
}

/**
 * AES-256-GCM decryption of ciphertext‖tag; `undefined` when the tag does not authenticate (wrong
 * key, nonce, additional data, or any changed bit). Nothing else is learnt from a failure.
 */
export async function aesGcmDecrypt(
  key: AesGcmKey,
  nonce: Uint8Array,
  sealed: Uint8Array,
  additionalData?: Uint8Array,
): Promise<Uint8Array | undefined> {
  if (sealed.byteLength < AES_GCM_TAG_BYTES) return undefined;
  const parameters = gcmParameters(nonce, additionalData);
  const cryptoKey = await cryptoKeyOf(key);
  try {
    const opened = await crypto.subtle.decrypt(
      parameters,
      cryptoKey,
      sealed as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(opened);
  } catch {
    // WebCrypto reports a failed tag as an OperationError and nothing more.
    return undefined;
  }
}
