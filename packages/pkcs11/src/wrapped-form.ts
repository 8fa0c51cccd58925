import { DATA_KEY_BYTES } from '@strongroom/vault';

/** The first byte of every wrapped key this adapter writes; another layout gets another byte. */
export const WRAPPED_FORMAT = 0x01;

/** AES-GCM nonce length: 96 bits, the length GCM is defined for without hashing. */
export const GCM_IV_BYTES = 12;

/** AES-GCM tag length: the full 128 bits. */
export const GCM_TAG_BYTES = 16;

/** Length of a wrapped data key: format byte, nonce, encrypted key, tag. */
export const WRAPPED_BYTES = 1 + GCM_IV_BYTES + DATA_KEY_BYTES + GCM_TAG_BYTES;

/** The parts of a wrapped key: the nonce and the token's GCM output (ciphertext then tag). */
export interface WrappedParts {
  readonly iv: Buffer;
  readonly sealed: Buffer;
}

/** Lays out a wrapped key as `format ‖ iv ‖ ciphertext ‖ tag`. */
export function joinWrappedForm(parts: WrappedParts): Uint8Array {
  const out = new Uint8Array(WRAPPED_BYTES);
  out[0] = WRAPPED_FORMAT;
  out.set(parts.iv, 1);
  out.set(parts.sealed, 1 + GCM_IV_BYTES);
  return out;
}

/**
 * Splits a wrapped key, or `undefined` when its length or format byte is wrong (the caller reports
 * that as a failed unwrap: a damaged wrap is not a malformed request).
 */
export function splitWrappedForm(ciphertext: Uint8Array): WrappedParts | undefined {
  if (ciphertext.length !== WRAPPED_BYTES || ciphertext[0] !== WRAPPED_FORMAT) return undefined;
  return {
    iv: Buffer.from(ciphertext.subarray(1, 1 + GCM_IV_BYTES)),
    sealed: Buffer.from(ciphertext.subarray(1 + GCM_IV_BYTES)),
  };
}
