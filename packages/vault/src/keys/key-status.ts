import type { KekDescription } from '../kms/kms.js';
import type { KeyPolicy } from './key-policy.js';

/**
 * A KEK version's state: `active` wraps new data keys (the current version), `decrypt_only` still
 * unwraps, `retired` is below the minimum decryption version and refuses to.
 */
export type KeyVersionStatus = 'active' | 'decrypt_only' | 'retired';

/** Why a KEK is due for rotation: its current version is too old, or has wrapped too many keys. */
export type RotationReason = 'cryptoperiod' | 'usage';

/** One KEK version with its status, age and usage. */
export interface KeyVersionState {
  readonly version: number;
  readonly status: KeyVersionStatus;
  readonly createdAt: Date;
  readonly ageMs: number;
  /** Data keys generated under this version, summed over the tenants asked about. */
  readonly dataKeysGenerated: number;
}

/** A KEK as the vault governs it: the KMS's description, policy and what is due. */
export interface KeyDescription {
  readonly keyId: string;
  /** Which KMS adapter holds it. */
  readonly kmsKind: string;
  readonly currentVersion: number;
  /** The lowest version that still decrypts (1 when the policy sets none). */
  readonly minDecryptionVersion: number;
  /** Oldest first. */
  readonly versions: readonly KeyVersionState[];
  readonly rotationDue: boolean;
  /** Why rotation is due; empty when it is not. */
  readonly rotationReasons: readonly RotationReason[];
}

/** Combines the KMS's description, the key's policy and usage counts into a {@link KeyDescription}. */
export function describeKeyState(input: {
  readonly kek: KekDescription;
  readonly kmsKind: string;
  readonly policy: KeyPolicy;
  readonly usage: ReadonlyMap<number, number>;
  readonly now: Date;
}): KeyDescription {
  const { kek, policy, usage, now } = input;
  const minDecryptionVersion = policy.minDecryptionVersion ?? 1;
  const versions = kek.versions.map((version): KeyVersionState => {
    // Retired wins over active: a policy that retires the current version is reported as such.
    const status: KeyVersionStatus =
      version.version < minDecryptionVersion
        ? 'retired'
        : version.version === kek.currentVersion
          ? 'active'
          : 'decrypt_only';
    return {
      version: version.version,
      status,
      createdAt: version.createdAt,
      ageMs: Math.max(0, now.getTime() - version.createdAt.getTime()),
      dataKeysGenerated: usage.get(version.version) ?? 0,
    };
  });
  const current = versions.find((version) => version.version === kek.currentVersion);
  const rotationReasons: RotationReason[] = [];
  if (current !== undefined) {
    if (policy.cryptoperiodMs !== undefined && current.ageMs >= policy.cryptoperiodMs)
      rotationReasons.push('cryptoperiod');
    if (
      policy.maxDataKeysPerVersion !== undefined &&
      current.dataKeysGenerated >= policy.maxDataKeysPerVersion
    ) {
      rotationReasons.push('usage');
    }
  }
  return {
    keyId: kek.keyId,
    kmsKind: input.kmsKind,
    currentVersion: kek.currentVersion,
    minDecryptionVersion,
    versions,
    rotationDue: rotationReasons.length > 0,
    rotationReasons,
  };
}
