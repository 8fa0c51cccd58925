import type { Kms } from '@strongroom/vault';

/** A KMS made for a test run, with the means to release what it holds. */
export interface KmsUnderTest {
  /** The KMS the suite exercises. */
  readonly kms: Kms;
  /** Closes the KMS and drops what the backend created for the run (token, keyring, …). */
  dispose(): Promise<void>;
}

/**
 * One row of a KMS conformance run: a name and a factory for a KMS on that backend. The suite
 * uses fresh, random KEK names, so a backend may share one KMS (or token) across cases and runs.
 */
export interface KmsBackend {
  /** Shown in the suite's title, e.g. `software` or `pkcs11 (SoftHSM2)`. */
  readonly name: string;
  /** A KMS on this backend, ready to use. */
  create(): Promise<KmsUnderTest>;
}
