/**
 * Envelope format v1: how one encrypted value is laid out, as bytes and as text.
 *
 * An envelope is the text `sr1.` followed by the unpadded base64url (RFC 4648 §5) of these bytes,
 * all integers big-endian:
 *
 * ```
 * offset  size          field
 * 0       1             format version, 0x01
 * 1       1             n = byte length of the KEK name (1–64)
 * 2       n             KEK name (keyId), ASCII, matching KEK_NAME_PATTERN
 * 2+n     4             KEK version that wrapped the data key (u32, ≥ 1)
 * 6+n     2             m = byte length of the wrapped data key (u16, 1–1024)
 * 8+n     m             wrapped data key: the KMS adapter's opaque form
 * 8+n+m   32            message id: random, the HKDF salt
 * 40+n+m  32            key commitment
 * 72+n+m  12            GCM nonce: random
 * 84+n+m  c + 16        AES-256-GCM ciphertext (c = plaintext length, ≤ 65536) and 16-byte tag
 * ```
 *
 * The first part (through the wrapped data key) is the *wrapping*: which KEK version can unwrap
 * the data key, and the wrapped key itself. The rest is the *body*, which only the data key opens.
 *
 * Keys. Each message derives its own keys from the data key with HKDF-SHA-512, salted with the
 * message id, as the AWS Encryption SDK's committing suites do, so a data key reused from the
 * cache still gives every message a key of its own (and GCM's random-nonce limit applies per
 * message, not per data key):
 * - encryption key = HKDF-SHA-512(data key, salt = message id, info = `strongroom/vault/v1/encryption`, 32)
 * - commitment     = HKDF-SHA-512(data key, salt = message id, info = `strongroom/vault/v1/commitment`, 32)
 *
 * The commitment is compared in constant time before GCM runs. GCM alone does not commit to its
 * key: without the check, a crafted envelope could open to two different plaintexts under two
 * different data keys.
 *
 * Additional data. GCM authenticates the body's own header fields (format version, message id,
 * commitment, nonce) and the binding — tenant id, record id and field name, each length-prefixed
 * (u32 byte length, then UTF-8). An envelope copied to another tenant, record or field then fails
 * with `authentication`. The wrapping is deliberately outside the additional data: rotation
 * re-wraps the data key under a newer KEK version without decrypting anything, so the wrapping
 * must be replaceable without re-sealing the body. It is still protected. The KMS authenticates
 * the wrapped key against its context (tenant and KEK name), and the commitment ties the body to
 * one data key: a wrapping of any other key fails with `commitment`.
 *
 * Limits. Plaintexts are at most {@link ENVELOPE_PLAINTEXT_MAX_BYTES}; the text is at most
 * {@link ENVELOPE_TEXT_MAX_LENGTH} characters. Parsing checks the length before decoding and
 * never throws: anything that is not a well-formed v1 envelope is `malformed`.
 */
import { assert, err, ok, type Result } from '@strongroom/kernel';
import { AES_GCM_NONCE_BYTES, AES_GCM_TAG_BYTES } from '../crypto/aes-gcm.js';
import { decodeBase64Url, encodeBase64Url } from '../crypto/base64.js';
import { KEK_NAME_PATTERN } from '../kms/kek-name.js';
import type { WrappedKey } from '../kms/kms.js';
import type { DecryptionFailedError } from './envelope-cipher.js';

/** The format version byte this module reads and writes. */
export const ENVELOPE_FORMAT_VERSION = 1;

/** What every v1 envelope text starts with. */
export const ENVELOPE_TEXT_PREFIX = 'sr1.';

/** The largest plaintext one envelope holds: field values and card data, not documents. */
export const ENVELOPE_PLAINTEXT_MAX_BYTES = 65_536;

/** The largest wrapped data key an envelope carries (AWS KMS blobs are ~184 bytes). */
export const ENVELOPE_WRAPPED_KEY_MAX_BYTES = 1024;

/** Bytes of the random message id, the HKDF salt. */
export const ENVELOPE_MESSAGE_ID_BYTES = 32;

/** Bytes of the key commitment. */
export const ENVELOPE_COMMITMENT_BYTES = 32;

const KEY_ID_MAX_BYTES = 64;
const VERSION_MAX = 0xffff_ffff;
// Format version, key id length, key id, KEK version, wrapped key length, wrapped key.
const WRAPPING_MAX_BYTES = 1 + 1 + KEY_ID_MAX_BYTES + 4 + 2 + ENVELOPE_WRAPPED_KEY_MAX_BYTES;
const BODY_HEADER_BYTES =
  ENVELOPE_MESSAGE_ID_BYTES + ENVELOPE_COMMITMENT_BYTES + AES_GCM_NONCE_BYTES;
const ENVELOPE_MAX_BYTES =
  WRAPPING_MAX_BYTES + BODY_HEADER_BYTES + ENVELOPE_PLAINTEXT_MAX_BYTES + AES_GCM_TAG_BYTES;

/** The longest envelope text: the prefix plus unpadded base64url of the largest envelope. */
export const ENVELOPE_TEXT_MAX_LENGTH =
  ENVELOPE_TEXT_PREFIX.length + Math.ceil((ENVELOPE_MAX_BYTES * 4) / 3);

const encoder = new TextEncoder();

/** An envelope split into its fields; produced by {@link parseEnvelope}. */
export interface ParsedEnvelope {
  readonly formatVersion: typeof ENVELOPE_FORMAT_VERSION;
  /** The KEK name and version, and the wrapped data key: what to ask the KMS to unwrap. */
  readonly wrapping: WrappedKey;
  /** Random per message; the HKDF salt. */
  readonly messageId: Uint8Array;
  /** Derived from the data key and message id; checked before decrypting. */
  readonly commitment: Uint8Array;
  readonly nonce: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM tag. */
  readonly sealed: Uint8Array;
}

const malformed = (): Result<never, DecryptionFailedError> =>
  err({ type: 'vault.decryption_failed', reason: 'malformed' });

/** Checks that a wrapping fits the format; a failure is a bug in the KMS adapter or caller. */
export function assertWrappingFits(wrapping: WrappedKey): void {
  assert(KEK_NAME_PATTERN.test(wrapping.keyId), 'the wrapping KEK name is valid');
  assert(
    Number.isSafeInteger(wrapping.version) &&
      wrapping.version >= 1 &&
      wrapping.version <= VERSION_MAX,
    'the wrapping KEK version is a u32 of at least 1',
  );
  assert(
    wrapping.ciphertext.byteLength >= 1 &&
      wrapping.ciphertext.byteLength <= ENVELOPE_WRAPPED_KEY_MAX_BYTES,
    'the wrapped data key has 1 to 1024 bytes',
  );
}

/** Serializes an envelope to its text form. */
export function formatEnvelope(envelope: ParsedEnvelope): string {
  assertWrappingFits(envelope.wrapping);
  assert(envelope.messageId.byteLength === ENVELOPE_MESSAGE_ID_BYTES, 'message id has 32 bytes');
  assert(envelope.commitment.byteLength === ENVELOPE_COMMITMENT_BYTES, 'commitment has 32 bytes');
  assert(envelope.nonce.byteLength === AES_GCM_NONCE_BYTES, 'nonce has 12 bytes');
  assert(
    envelope.sealed.byteLength >= AES_GCM_TAG_BYTES &&
      envelope.sealed.byteLength <= ENVELOPE_PLAINTEXT_MAX_BYTES + AES_GCM_TAG_BYTES,
    'sealed body within limits',
  );
  const keyId = encoder.encode(envelope.wrapping.keyId);
  const wrapped = envelope.wrapping.ciphertext;
  const bytes = new Uint8Array(
    1 +
      1 +
      keyId.byteLength +
      4 +
      2 +
      wrapped.byteLength +
      BODY_HEADER_BYTES +
      envelope.sealed.byteLength,
  );
  const view = new DataView(bytes.buffer);
  let offset = 0;
  view.setUint8(offset, ENVELOPE_FORMAT_VERSION);
  view.setUint8(offset + 1, keyId.byteLength);
  offset += 2;
  bytes.set(keyId, offset);
  offset += keyId.byteLength;
  view.setUint32(offset, envelope.wrapping.version);
  view.setUint16(offset + 4, wrapped.byteLength);
  offset += 6;
  for (const part of [
    wrapped,
    envelope.messageId,
    envelope.commitment,
    envelope.nonce,
    envelope.sealed,
  ]) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return ENVELOPE_TEXT_PREFIX + encodeBase64Url(bytes);
}

/**
 * Splits an envelope text into its fields without any cryptography. Never throws: anything other
 * than a well-formed v1 envelope within the limits is `vault.decryption_failed` / `malformed`.
 */
export function parseEnvelope(text: string): Result<ParsedEnvelope, DecryptionFailedError> {
  if (typeof text !== 'string' || text.length > ENVELOPE_TEXT_MAX_LENGTH) return malformed();
  if (!text.startsWith(ENVELOPE_TEXT_PREFIX)) return malformed();
  const bytes = decodeBase64Url(text.slice(ENVELOPE_TEXT_PREFIX.length));
  if (bytes === undefined) return malformed();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const need = (length: number) => offset + length <= bytes.byteLength;

  if (!need(2) || view.getUint8(0) !== ENVELOPE_FORMAT_VERSION) return malformed();
  const keyIdLength = view.getUint8(1);
  offset = 2;
  if (keyIdLength === 0 || keyIdLength > KEY_ID_MAX_BYTES || !need(keyIdLength)) return malformed();
  // KEK names are ASCII, so each byte is one character; anything else fails the pattern.
  const keyId = String.fromCharCode(...bytes.subarray(offset, offset + keyIdLength));
  if (!KEK_NAME_PATTERN.test(keyId)) return malformed();
  offset += keyIdLength;

  if (!need(6)) return malformed();
  const version = view.getUint32(offset);
  const wrappedLength = view.getUint16(offset + 4);
  offset += 6;
  if (version === 0 || wrappedLength === 0 || wrappedLength > ENVELOPE_WRAPPED_KEY_MAX_BYTES)
    return malformed();
  if (!need(wrappedLength + BODY_HEADER_BYTES + AES_GCM_TAG_BYTES)) return malformed();
  const take = (length: number) => {
    const part = bytes.slice(offset, offset + length);
    offset += length;
    return part;
  };
  const ciphertext = take(wrappedLength);
  const messageId = take(ENVELOPE_MESSAGE_ID_BYTES);
  const commitment = take(ENVELOPE_COMMITMENT_BYTES);
  const nonce = take(AES_GCM_NONCE_BYTES);
  const sealed = bytes.slice(offset);
  if (sealed.byteLength > ENVELOPE_PLAINTEXT_MAX_BYTES + AES_GCM_TAG_BYTES) return malformed();
  return ok({
    formatVersion: ENVELOPE_FORMAT_VERSION,
    wrapping: { keyId, version, ciphertext },
    messageId,
    commitment,
    nonce,
    sealed,
  });
}

/**
 * The same envelope with its data key wrapped differently (a newer KEK version after rotation).
 * The body is untouched: the commitment depends on the data key, not on how it is wrapped, so it
 * stays valid as long as the new wrapping holds the same data key.
 */
export function rewrapEnvelope(parsed: ParsedEnvelope, wrapping: WrappedKey): string {
  return formatEnvelope({ ...parsed, wrapping });
}
