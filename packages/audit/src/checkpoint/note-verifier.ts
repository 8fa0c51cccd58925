import { ed25519 } from '@noble/curves/ed25519.js';
import { assert, type Result } from '@strongroom/kernel';
import { COSIGNATURE_TIMESTAMP_MAX, formatCosignedMessage } from './cosigned-message.js';
import { isValidKeyName } from './key-name.js';
import type { InvalidVerifierKeyError } from './note-error.js';
import {
  computeNoteKeyId,
  NOTE_SIGNATURE_TYPE_COSIGNATURE_V1,
  type NoteSignatureType,
} from './note-key-id.js';
import {
  decodeVerifierKey,
  formatVerifierKey,
  isUsableEd25519PublicKey,
  type VerifierKeyFields,
} from './verifier-key.js';

/** The length of an Ed25519 signature in bytes. */
export const ED25519_SIGNATURE_BYTES = 64;

/** The length of a v1 cosignature after the key ID: an 8-byte timestamp and an Ed25519 signature. */
export const COSIGNATURE_V1_BYTES = 8 + ED25519_SIGNATURE_BYTES;

/** A public key that checks note signatures made under one (name, key ID) pair. */
export interface NoteVerifier {
  /** The key name signature lines must carry. */
  readonly name: string;
  /** The key ID signature lines must carry. */
  readonly keyId: number;
  /** 0x01 (a log's Ed25519 key) or 0x04 (a witness's Ed25519 cosignature key). */
  readonly signatureType: NoteSignatureType;
  /** The verifier key in its text form. */
  readonly vkey: string;
  /** Whether `signature` (the bytes after the key ID) is valid for the note text `message`. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/**
 * Builds a verifier from checked fields. Ed25519 is verified strictly (RFC 8032 / FIPS 186-5:
 * canonical encodings only, small-order keys refused), so no signature accepted here is malleable.
 */
export function createNoteVerifier(fields: VerifierKeyFields): NoteVerifier {
  const { name, signatureType } = fields;
  assert(isValidKeyName(name), 'a verifier name must be a valid key name');
  assert(isUsableEd25519PublicKey(fields.publicKey), 'a verifier needs a usable Ed25519 key');
  // A private copy, so a caller mutating its array cannot change which key verifies.
  const publicKey = fields.publicKey.slice();
  const verify =
    signatureType === NOTE_SIGNATURE_TYPE_COSIGNATURE_V1
      ? (message: Uint8Array, signature: Uint8Array) =>
          verifyCosignatureV1(publicKey, message, signature)
      : (message: Uint8Array, signature: Uint8Array) =>
          verifyEd25519(publicKey, message, signature);
  return Object.freeze({
    name,
    keyId: computeNoteKeyId(name, signatureType, publicKey),
    signatureType,
    vkey: formatVerifierKey({ name, signatureType, publicKey }),
    verify,
  });
}

/** Reads a vkey (`<name>+<hex8>+<base64>`, type 0x01 or 0x04) into a verifier. */
export function parseVerifierKey(vkey: string): Result<NoteVerifier, InvalidVerifierKeyError> {
  return decodeVerifierKey(vkey).map(createNoteVerifier);
}

function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

function verifyCosignatureV1(
  publicKey: Uint8Array,
  body: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== COSIGNATURE_V1_BYTES) return false;
  const view = new DataView(signature.buffer, signature.byteOffset, signature.byteLength);
  const timestampSeconds = view.getBigUint64(0, false);
  if (timestampSeconds > COSIGNATURE_TIMESTAMP_MAX) return false;
  const message = formatCosignedMessage(timestampSeconds, body);
  return verifyEd25519(publicKey, message, signature.subarray(8));
}
