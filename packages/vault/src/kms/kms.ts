import type { Result } from '@strongroom/kernel';
import type { KmsError } from './kms-error.js';

/** Bytes of every data key a {@link Kms} generates: AES-256. */
export const DATA_KEY_BYTES = 32;

/**
 * What a wrapped key is bound to, presented again to unwrap it (AWS KMS's encryption context,
 * the GCM additional data of the software and PKCS#11 adapters). Keys and values are plain
 * identifiers such as `tenant` and `purpose`; never a secret. At most 16 entries, keys matching
 * `^[a-z][a-z0-9_]{0,63}$`, values of at most 256 UTF-8 bytes (`encodeWrapContext` checks them).
 */
export type WrapContext = Readonly<Record<string, string>>;

/** A data key wrapped under one version of a key-encryption key (KEK). */
export interface WrappedKey {
  /** The KEK's name, e.g. `cards` or `fields`. */
  readonly keyId: string;
  /** The KEK version that wrapped it (1, 2, …). */
  readonly version: number;
  /** The adapter's opaque wrapped form; only the same KEK version can unwrap it. */
  readonly ciphertext: Uint8Array;
}

/** A fresh data key: its plaintext for immediate use and its wrapped form for storage. */
export interface DataKey {
  /** {@link DATA_KEY_BYTES} bytes; the caller zeroes it when done. */
  readonly plaintext: Uint8Array;
  readonly wrapped: WrappedKey;
}

/** One version of a KEK. */
export interface KekVersionDescription {
  readonly version: number;
  readonly createdAt: Date;
}

/** A KEK and its versions; new wraps always use `currentVersion`. */
export interface KekDescription {
  readonly keyId: string;
  readonly currentVersion: number;
  /** Every version the KMS still holds, oldest first. */
  readonly versions: readonly KekVersionDescription[];
}

/**
 * The key-management port: named, versioned key-encryption keys that never leave the KMS, used
 * to wrap and unwrap data keys. Adapters: the software KMS (embedded default), AWS KMS
 * (`@strongroom/aws`) and PKCS#11 tokens (`@strongroom/pkcs11`). Policy (minimum decryption
 * version, cryptoperiods, usage counters) lives in the vault, not here, so it is the same on
 * every adapter.
 */
export interface Kms {
  /** Which adapter this is (`software`, `aws-kms`, `pkcs11`), for audit details and metrics. */
  readonly kind: string;
  /** Creates the KEK with version 1, or describes it if it exists (idempotent). */
  createKey(keyId: string): Promise<Result<KekDescription, KmsError>>;
  /** Adds a new version, which becomes current; older versions still unwrap. */
  rotate(keyId: string): Promise<Result<KekDescription, KmsError>>;
  /** The KEK's versions. */
  describe(keyId: string): Promise<Result<KekDescription, KmsError>>;
  /** A new random data key wrapped under the KEK's current version. */
  generateDataKey(keyId: string, context: WrapContext): Promise<Result<DataKey, KmsError>>;
  /** Wraps key material the caller holds under the KEK's current version. */
  wrap(
    keyId: string,
    plaintext: Uint8Array,
    context: WrapContext,
  ): Promise<Result<WrappedKey, KmsError>>;
  /** Unwraps with the version named in `wrapped`; a different context fails. */
  unwrap(wrapped: WrappedKey, context: WrapContext): Promise<Result<Uint8Array, KmsError>>;
  /**
   * Re-wraps under the KEK's current version. Where the KMS can (AWS `ReEncrypt`) the plaintext
   * never reaches this process; otherwise it passes through one buffer that is zeroed at once.
   */
  rewrap(wrapped: WrappedKey, context: WrapContext): Promise<Result<WrappedKey, KmsError>>;
  /** Releases sessions and connections; the instance cannot be used afterwards. */
  close(): Promise<void>;
}
