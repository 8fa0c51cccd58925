/**
 * How one KEK is governed, as deployment configuration (like a KMS key policy), so every process
 * of a deployment applies the same rules whatever KMS adapter it runs on.
 */
export interface KeyPolicy {
  /**
   * Versions below this refuse to decrypt (`vault.key_version_retired`), as OpenBao transit's
   * `min_decryption_version`: raise it once the rewrap job has moved everything forward.
   */
  readonly minDecryptionVersion?: number;
  /** A version older than this is due for rotation (PCI DSS 3.7.4 cryptoperiod by time). */
  readonly cryptoperiodMs?: number;
  /** A version that wrapped more data keys than this is due for rotation (cryptoperiod by volume). */
  readonly maxDataKeysPerVersion?: number;
}

/** Policies by KEK name; a KEK without an entry has no minimum version and no cryptoperiod. */
export type KeyPolicies = Readonly<Record<string, KeyPolicy>>;
