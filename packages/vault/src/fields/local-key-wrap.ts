import type { TenantId } from '@strongroom/kernel';
import {
  AES_256_KEY_BYTES,
  AES_GCM_NONCE_BYTES,
  AES_GCM_TAG_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
  importAesGcmKey,
} from '../crypto/aes-gcm.js';
import { lengthPrefixed } from '../crypto/length-prefixed.js';
import { randomBytes } from '../crypto/random-bytes.js';
import type { WebCryptoKey } from '../crypto/web-crypto-key.js';

/** Bytes of a data key wrapped under a subject key: nonce, 32-byte key, tag. */
export const LOCALLY_WRAPPED_KEY_BYTES =
  AES_GCM_NONCE_BYTES + AES_256_KEY_BYTES + AES_GCM_TAG_BYTES;

const WRAP_LABEL = 'strongroom/vault/subject-data-key/v1';

/** A subject key imported into WebCrypto, non-extractable. */
export type SubjectCryptoKey = WebCryptoKey;

/** Whom a locally wrapped data key belongs to; bound in as GCM additional data. */
export interface SubjectKeyOwner {
  readonly tenantId: TenantId;
  readonly subjectId: string;
  readonly generation: number;
}

/**
 * Imports a subject key for wrapping data keys. Once imported its bytes are beyond the reach of
 * any code in the process; the caller zeroes its copy afterwards.
 */
export function importSubjectKey(keyBytes: Uint8Array): Promise<SubjectCryptoKey> {
  return importAesGcmKey(keyBytes);
}

function additionalData(owner: SubjectKeyOwner): Uint8Array {
  return lengthPrefixed([WRAP_LABEL, owner.tenantId, owner.subjectId, String(owner.generation)]);
}

/**
 * Wraps a per-message data key under the subject key with AES-256-GCM and a random nonce. It takes
 * the place of a KMS wrap for personal fields: no field's key ever goes to the KMS, and deleting
 * the subject key makes every data key it wrapped unrecoverable.
 */
export async function wrapDataKeyLocally(
  subjectKey: SubjectCryptoKey,
  dataKey: Uint8Array,
  owner: SubjectKeyOwner,
): Promise<Uint8Array> {
  const nonce = randomBytes(AES_GCM_NONCE_BYTES);
  const sealed = await aesGcmEncrypt(subjectKey, nonce, dataKey, additionalData(owner));
  const wrapped = new Uint8Array(LOCALLY_WRAPPED_KEY_BYTES);
  wrapped.set(nonce, 0);
  wrapped.set(sealed, AES_GCM_NONCE_BYTES);
  return wrapped;
}

/** Unwraps a data key wrapped by {@link wrapDataKeyLocally}; `undefined` when it does not authenticate. */
export async function unwrapDataKeyLocally(
  subjectKey: SubjectCryptoKey,
  wrapped: Uint8Array,
  owner: SubjectKeyOwner,
): Promise<Uint8Array | undefined> {
  if (wrapped.byteLength !== LOCALLY_WRAPPED_KEY_BYTES) return undefined;
  return aesGcmDecrypt(
    subjectKey,
    wrapped.subarray(0, AES_GCM_NONCE_BYTES),
    wrapped.subarray(AES_GCM_NONCE_BYTES),
    additionalData(owner),
  );
}
