import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Bytes } from './note-text.js';

/** Signature type byte of plain Ed25519 note signatures (C2SP signed-note), used by logs. */
export const NOTE_SIGNATURE_TYPE_ED25519 = 0x01;

/** Signature type byte of timestamped Ed25519 cosignatures (C2SP tlog-cosignature v1), used by witnesses. */
export const NOTE_SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

/** The signature types this package signs and verifies. */
export type NoteSignatureType =
  | typeof NOTE_SIGNATURE_TYPE_ED25519
  | typeof NOTE_SIGNATURE_TYPE_COSIGNATURE_V1;

/**
 * The 32-bit key ID of a note key: the first four bytes, big-endian, of
 * SHA-256(name ‖ 0x0A ‖ signature type ‖ public key). It identifies a key, it does not
 * authenticate one: a verifier must still hold the public key it expects.
 */
export function computeNoteKeyId(
  name: string,
  signatureType: NoteSignatureType,
  publicKey: Uint8Array,
): number {
  const nameBytes = utf8Bytes(name);
  const input = new Uint8Array(nameBytes.length + 2 + publicKey.length);
  input.set(nameBytes, 0);
  input[nameBytes.length] = 0x0a;
  input[nameBytes.length + 1] = signatureType;
  input.set(publicKey, nameBytes.length + 2);
  return readKeyId(sha256(input), 0);
}

/** Reads a big-endian uint32 key ID at `offset`. */
export function readKeyId(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

/** Formats a key ID as the eight lowercase hex digits a vkey uses. */
export function formatKeyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}
