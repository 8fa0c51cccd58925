import { ed25519 } from '@noble/curves/ed25519.js';
import { assert, err, ok, type Result } from '@strongroom/kernel';
import { decodeBase64, encodeBase64 } from './base64.js';
import { isValidKeyName } from './key-name.js';
import { type InvalidVerifierKeyError, invalidVerifierKey } from './note-error.js';
import {
  computeNoteKeyId,
  formatKeyIdHex,
  NOTE_SIGNATURE_TYPE_COSIGNATURE_V1,
  NOTE_SIGNATURE_TYPE_ED25519,
  type NoteSignatureType,
} from './note-key-id.js';

/** The length of an Ed25519 public key in bytes. */
export const ED25519_PUBLIC_KEY_BYTES = 32;

/**
 * The longest vkey {@link decodeVerifierKey} reads. An Ed25519 vkey is a name plus 55 characters,
 * so this leaves room for long names while refusing hostile inputs before any work.
 */
export const VERIFIER_KEY_MAX_LENGTH = 1024;

/** What a vkey says: who, which algorithm, which public key. */
export interface VerifierKeyFields {
  /** The key name, e.g. the log's origin or the witness's name. */
  readonly name: string;
  /** 0x01 for a log's Ed25519 key, 0x04 for a witness's Ed25519 cosignature key. */
  readonly signatureType: NoteSignatureType;
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/** Whether 32 bytes encode an Ed25519 point that strict (RFC 8032) verification can ever accept. */
export function isUsableEd25519PublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  try {
    // Strict decoding refuses non-canonical encodings; small-order keys never verify strictly.
    return !ed25519.Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}

/**
 * Formats a verifier key, `<name>+<hex8 key ID>+<base64(type ‖ public key)>`, the text form logs
 * and witnesses publish their keys in. Invalid fields are a programmer error and throw.
 */
export function formatVerifierKey(fields: VerifierKeyFields): string {
  const { name, signatureType, publicKey } = fields;
  assert(isValidKeyName(name), 'a vkey name must be non-empty without white space or +');
  assert(isSupportedType(signatureType), 'a vkey must be of type 0x01 or 0x04');
  assert(publicKey.length === ED25519_PUBLIC_KEY_BYTES, 'an Ed25519 public key has 32 bytes');
  const material = new Uint8Array(1 + publicKey.length);
  material[0] = signatureType;
  material.set(publicKey, 1);
  const keyId = computeNoteKeyId(name, signatureType, publicKey);
  return `${name}+${formatKeyIdHex(keyId)}+${encodeBase64(material)}`;
}

const KEY_ID_HEX = /^[0-9a-f]{8}$/;

/**
 * Reads a vkey and checks everything that can be checked without a signature: the syntax, a
 * supported type, a usable Ed25519 public key, and that the key ID matches name, type and key.
 */
export function decodeVerifierKey(
  vkey: string,
): Result<VerifierKeyFields, InvalidVerifierKeyError> {
  if (typeof vkey !== 'string' || vkey.length > VERIFIER_KEY_MAX_LENGTH) {
    return err(invalidVerifierKey('bad_format'));
  }
  // The base64 part may itself hold `+`, so split on the first two only, as Go's note package does.
  const firstPlus = vkey.indexOf('+');
  const secondPlus = firstPlus < 0 ? -1 : vkey.indexOf('+', firstPlus + 1);
  if (secondPlus < 0) return err(invalidVerifierKey('bad_format'));
  const name = vkey.slice(0, firstPlus);
  const keyIdHex = vkey.slice(firstPlus + 1, secondPlus);
  const material = decodeBase64(vkey.slice(secondPlus + 1));
  if (!isValidKeyName(name)) return err(invalidVerifierKey('bad_key_name'));
  if (!KEY_ID_HEX.test(keyIdHex)) return err(invalidVerifierKey('bad_key_id'));
  if (material === undefined) return err(invalidVerifierKey('bad_base64'));
  const signatureType = material[0];
  if (signatureType === undefined || !isSupportedType(signatureType)) {
    return err(invalidVerifierKey('unsupported_type'));
  }
  const publicKey = material.slice(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES)
    return err(invalidVerifierKey('bad_key_length'));
  if (!isUsableEd25519PublicKey(publicKey)) return err(invalidVerifierKey('bad_public_key'));
  if (formatKeyIdHex(computeNoteKeyId(name, signatureType, publicKey)) !== keyIdHex) {
    return err(invalidVerifierKey('key_id_mismatch'));
  }
  return ok({ name, signatureType, publicKey });
}

function isSupportedType(signatureType: number): signatureType is NoteSignatureType {
  return (
    signatureType === NOTE_SIGNATURE_TYPE_ED25519 ||
    signatureType === NOTE_SIGNATURE_TYPE_COSIGNATURE_V1
  );
}
