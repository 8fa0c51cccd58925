import { assert, err, ok, type Result } from '@strongroom/kernel';
import {
  AES_256_KEY_BYTES,
  AES_GCM_NONCE_BYTES,
  aesGcmDecrypt,
  aesGcmEncrypt,
} from '../crypto/aes-gcm.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { hkdfSha512 } from '../crypto/hkdf-sha512.js';
import { lengthPrefixed } from '../crypto/length-prefixed.js';
import { randomBytes } from '../crypto/random-bytes.js';
import type { WrappedKey } from '../kms/kms.js';
import type { DecryptionFailedError, EnvelopeBinding } from './envelope-cipher.js';
import {
  assertWrappingFits,
  ENVELOPE_COMMITMENT_BYTES,
  ENVELOPE_FORMAT_VERSION,
  ENVELOPE_MESSAGE_ID_BYTES,
  ENVELOPE_PLAINTEXT_MAX_BYTES,
  formatEnvelope,
  type ParsedEnvelope,
} from './envelope-format.js';

/** The largest UTF-8 size of a binding's record id or field name. */
export const ENVELOPE_BINDING_PART_MAX_BYTES = 1024;

const ENCRYPTION_INFO = 'strongroom/vault/v1/encryption';
const COMMITMENT_INFO = 'strongroom/vault/v1/commitment';
const encoder = new TextEncoder();

/** What {@link sealEnvelope} needs: a plaintext data key, its wrapped form, where it belongs. */
export interface SealEnvelopeInput {
  /** The data key wrapped by the KMS, stored in the envelope as is. */
  readonly wrapping: WrappedKey;
  /** The same data key in plaintext (32 bytes); not zeroed here, the caller owns it. */
  readonly dataKey: Uint8Array;
  readonly binding: EnvelopeBinding;
  /** At most {@link ENVELOPE_PLAINTEXT_MAX_BYTES}. */
  readonly plaintext: Uint8Array;
}

interface MessageKeys {
  readonly encryptionKey: Uint8Array;
  readonly commitment: Uint8Array;
}

function deriveMessageKeys(dataKey: Uint8Array, messageId: Uint8Array): MessageKeys {
  assert(dataKey.byteLength === AES_256_KEY_BYTES, 'a data key has 32 bytes');
  return {
    encryptionKey: hkdfSha512(dataKey, messageId, ENCRYPTION_INFO, AES_256_KEY_BYTES),
    commitment: hkdfSha512(dataKey, messageId, COMMITMENT_INFO, ENVELOPE_COMMITMENT_BYTES),
  };
}

function assertBindingFits(binding: EnvelopeBinding): void {
  for (const part of [binding.tenantId, binding.recordId, binding.field]) {
    assert(
      typeof part === 'string' &&
        part.length > 0 &&
        encoder.encode(part).byteLength <= ENVELOPE_BINDING_PART_MAX_BYTES,
      'binding parts are non-empty and at most 1024 bytes',
    );
  }
}

// The body's own header fields and the binding; see the module comment of envelope-format.ts for
// why the wrapping is left out.
function additionalData(
  envelope: Pick<ParsedEnvelope, 'messageId' | 'commitment' | 'nonce'>,
  binding: EnvelopeBinding,
): Uint8Array {
  const bound = lengthPrefixed([binding.tenantId, binding.recordId, binding.field]);
  const out = new Uint8Array(
    1 +
      ENVELOPE_MESSAGE_ID_BYTES +
      ENVELOPE_COMMITMENT_BYTES +
      AES_GCM_NONCE_BYTES +
      bound.byteLength,
  );
  out[0] = ENVELOPE_FORMAT_VERSION;
  let offset = 1;
  for (const part of [envelope.messageId, envelope.commitment, envelope.nonce, bound]) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/**
 * Encrypts a plaintext into a v1 envelope under a data key the caller already holds (from the
 * KMS, the data-key cache, or a subject key). Inputs beyond the format's limits are programmer
 * errors and throw; callers validate their values first.
 */
export async function sealEnvelope(input: SealEnvelopeInput): Promise<string> {
  const { wrapping, dataKey, binding, plaintext } = input;
  assertWrappingFits(wrapping);
  assertBindingFits(binding);
  assert(
    plaintext.byteLength <= ENVELOPE_PLAINTEXT_MAX_BYTES,
    'an envelope plaintext is at most 65536 bytes',
  );
  const messageId = randomBytes(ENVELOPE_MESSAGE_ID_BYTES);
  const nonce = randomBytes(AES_GCM_NONCE_BYTES);
  const { encryptionKey, commitment } = deriveMessageKeys(dataKey, messageId);
  try {
    const sealed = await aesGcmEncrypt(
      encryptionKey,
      nonce,
      plaintext,
      additionalData({ messageId, commitment, nonce }, binding),
    );
    return formatEnvelope({
      formatVersion: ENVELOPE_FORMAT_VERSION,
      wrapping,
      messageId,
      commitment,
      nonce,
      sealed,
    });
  } finally {
    encryptionKey.fill(0);
  }
}

/**
 * Decrypts a parsed envelope with its unwrapped data key: `commitment` when the data key is not
 * the one the envelope was sealed with (checked first, in constant time), `authentication` when
 * the tag fails (a changed bit, or a different binding).
 */
export async function openEnvelope(
  parsed: ParsedEnvelope,
  dataKey: Uint8Array,
  binding: EnvelopeBinding,
): Promise<Result<Uint8Array, DecryptionFailedError>> {
  const { encryptionKey, commitment } = deriveMessageKeys(dataKey, parsed.messageId);
  try {
    if (!constantTimeEqual(commitment, parsed.commitment))
      return err({ type: 'vault.decryption_failed', reason: 'commitment' });
    const plaintext = await aesGcmDecrypt(
      encryptionKey,
      parsed.nonce,
      parsed.sealed,
      additionalData(parsed, binding),
    );
    return plaintext === undefined
      ? err({ type: 'vault.decryption_failed', reason: 'authentication' })
      : ok(plaintext);
  } finally {
    encryptionKey.fill(0);
  }
}
