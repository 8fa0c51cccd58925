import { assert } from '@strongroom/kernel';
import { DATA_KEY_BYTES } from '@strongroom/vault';
import pkcs11js, { type GcmParams, type Mechanism, type PKCS11 } from 'pkcs11js';
import { returnValueOf } from './pkcs11-failure.js';
import { GCM_IV_BYTES, GCM_TAG_BYTES, joinWrappedForm, type WrappedParts } from './wrapped-form.js';

/**
 * What a token may answer when a GCM tag does not verify. PKCS#11 2.40 says
 * `CKR_ENCRYPTED_DATA_INVALID`, 3.0 adds `CKR_AEAD_DECRYPT_FAILED` (0x35); SoftHSM2 2.6 answers
 * `CKR_GENERAL_ERROR`, so that too counts as a failed unwrap — but only from the decrypt call
 * itself, where the tag check is the one thing that can fail on a healthy token.
 */
const TAG_FAILURES: ReadonlySet<number> = new Set([
  pkcs11js.CKR_ENCRYPTED_DATA_INVALID,
  pkcs11js.CKR_ENCRYPTED_DATA_LEN_RANGE,
  0x35,
  pkcs11js.CKR_GENERAL_ERROR,
]);

function gcm(iv: Buffer, aad: Buffer): Mechanism {
  // CK_GCM_PARAMS of PKCS#11 2.40, the layout that carries ulIvBits.
  const parameter: GcmParams = {
    type: pkcs11js.CK_PARAMS_GCM,
    iv,
    ivBits: GCM_IV_BYTES * 8,
    aad,
    tagBits: GCM_TAG_BYTES * 8,
  };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

/**
 * Encrypts a data key with AES-256-GCM under `key` inside the token, with a fresh random nonce,
 * and lays out the wrapped form. The nonce comes from the host's CSPRNG: it must be unique, not
 * secret. The async call runs on a libuv thread, so a slow token does not block the event loop.
 */
export async function sealOnToken(
  pkcs11: PKCS11,
  session: Buffer,
  key: Buffer,
  plaintext: Buffer,
  aad: Buffer,
): Promise<Uint8Array> {
  assert(plaintext.length === DATA_KEY_BYTES, 'only data keys are sealed');
  const iv = Buffer.from(crypto.getRandomValues(new Uint8Array(GCM_IV_BYTES)));
  pkcs11.C_EncryptInit(session, gcm(iv, aad), key);
  const sealed = await pkcs11.C_EncryptAsync(
    session,
    plaintext,
    Buffer.alloc(DATA_KEY_BYTES + GCM_TAG_BYTES),
  );
  assert(sealed.length === DATA_KEY_BYTES + GCM_TAG_BYTES, 'GCM output is ciphertext and tag');
  return joinWrappedForm({ iv, sealed });
}

/**
 * Decrypts a wrapped data key inside the token; `undefined` when the tag does not verify (wrong
 * key, context or version, or tampering). The caller zeroes the returned buffer.
 */
export async function openOnToken(
  pkcs11: PKCS11,
  session: Buffer,
  key: Buffer,
  parts: WrappedParts,
  aad: Buffer,
): Promise<Buffer | undefined> {
  pkcs11.C_DecryptInit(session, gcm(parts.iv, aad), key);
  let plaintext: Buffer;
  try {
    // The output buffer is as long as the input: some modules check against that length.
    plaintext = await pkcs11.C_DecryptAsync(
      session,
      parts.sealed,
      Buffer.alloc(parts.sealed.length),
    );
  } catch (error) {
    const value = returnValueOf(error);
    if (value !== undefined && TAG_FAILURES.has(value)) return undefined;
    throw error;
  }
  assert(plaintext.length === DATA_KEY_BYTES, 'a verified wrap holds a data key');
  return plaintext;
}
