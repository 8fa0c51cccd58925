import type { DomainError, Result, TenantId } from '@strongroom/kernel';
import type { KmsError } from '../kms/kms-error.js';

/**
 * Where a ciphertext belongs. It is bound into the AAD, so an envelope copied to another tenant,
 * record or field fails to decrypt.
 */
export interface EnvelopeBinding {
  readonly tenantId: TenantId;
  readonly recordId: string;
  readonly field: string;
}

/**
 * An envelope did not decrypt: `malformed` (not an envelope of a known format version),
 * `commitment` (the key commitment does not match the data key), `authentication` (the GCM tag
 * failed: flipped bit, other binding). Nothing about the plaintext or key is reported.
 */
export interface DecryptionFailedError extends DomainError<'vault.decryption_failed'> {
  readonly reason: 'malformed' | 'commitment' | 'authentication';
}

/** The envelope's KEK version is below the key's minimum decryption version: retired. */
export interface KeyVersionRetiredError extends DomainError<'vault.key_version_retired'> {
  readonly keyId: string;
  readonly version: number;
  readonly minDecryptionVersion: number;
}

/**
 * Every error of encrypting, decrypting or rewrapping an envelope. A damaged or foreign wrapped
 * data key surfaces as the KMS's own error (`kms.unwrap_failed`, `kms.key_not_found`, …): the
 * wrapping is authenticated by the KMS, the body by the key commitment and the GCM tag.
 */
export type EnvelopeError = DecryptionFailedError | KeyVersionRetiredError | KmsError;

/**
 * Envelope encryption: AES-256-GCM under a data key wrapped by a KEK, the wrapped key, its KEK
 * version, a per-message salt and a key commitment carried in a versioned header.
 */
export interface EnvelopeCipher {
  /** Encrypts under the named KEK's current version; returns the envelope as text. */
  encrypt(
    keyId: string,
    binding: EnvelopeBinding,
    plaintext: Uint8Array,
  ): Promise<Result<string, EnvelopeError>>;
  /** Decrypts an envelope written for exactly this binding. */
  decrypt(binding: EnvelopeBinding, envelope: string): Promise<Result<Uint8Array, EnvelopeError>>;
  /**
   * Re-wraps the envelope's data key under its KEK's current version without decrypting the data;
   * `null` when it already is current.
   */
  rewrap(binding: EnvelopeBinding, envelope: string): Promise<Result<string | null, EnvelopeError>>;
}
