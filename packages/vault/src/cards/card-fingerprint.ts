import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import { encodeBase64Url } from '../crypto/base64.js';
import { hmacSha256, prepareHmacSha256Key } from '../crypto/hmac-sha256.js';
import { lengthPrefixed } from '../crypto/length-prefixed.js';
import type { MalformedSecretError, VersionedSecret } from '../secrets/secret-provider.js';
import { FINGERPRINT_KEY_MIN_BYTES, FINGERPRINT_VERSIONS_MAX } from './card-limits.js';

/** A keyed fingerprint of one PAN under one version of the fingerprint key. */
export interface CardFingerprint {
  readonly version: number;
  /** `v<version>.<base64url HMAC>`: the record id of the fingerprint index. */
  readonly id: string;
}

/** Computes fingerprints of PANs for one tenant under every live version of the key. */
export interface CardFingerprinter {
  /** Current version first, then the older live versions, newest first. */
  fingerprints(pan: string): Promise<readonly CardFingerprint[]>;
  readonly currentVersion: number;
}

const LABEL = 'strongroom/vault/card-fingerprint/v1';

/** Refuses a fingerprint key that is too short, has too many versions, or lacks its current one. */
export function checkFingerprintSecret(
  secret: VersionedSecret,
): Result<VersionedSecret, MalformedSecretError> {
  const malformed = (reason: string) =>
    err({ type: 'secrets.malformed' as const, name: secret.name, reason });
  if (secret.versions.length === 0 || secret.versions.length > FINGERPRINT_VERSIONS_MAX) {
    return malformed('version_count');
  }
  if (!secret.versions.some((version) => version.version === secret.current.version)) {
    return malformed('current_not_listed');
  }
  if (new Set(secret.versions.map((version) => version.version)).size !== secret.versions.length) {
    return malformed('duplicate_version');
  }
  if (secret.versions.some((version) => version.value.byteLength < FINGERPRINT_KEY_MIN_BYTES)) {
    return malformed('too_short');
  }
  return ok(secret);
}

/**
 * The fingerprinter of one tenant: HMAC-SHA-256 of the entire PAN under the fingerprint key
 * (PCI DSS 3.5.1.1 asks for a keyed hash of the full PAN, never a plain one). The tenant id is
 * part of the MAC input, so one card has unrelated fingerprints in two tenants and a fingerprint
 * copied from one tenant matches nothing in another. Keys are prepared once per fingerprinter.
 */
export function createCardFingerprinter(
  secret: VersionedSecret,
  tenantId: TenantId,
): CardFingerprinter {
  const ordered = [
    secret.current,
    ...secret.versions
      .filter((version) => version.version !== secret.current.version)
      .sort((a, b) => b.version - a.version),
  ];
  const keys = ordered.map((version) => ({
    version: version.version,
    key: prepareHmacSha256Key(version.value),
  }));
  return {
    currentVersion: secret.current.version,
    async fingerprints(pan) {
      const message = lengthPrefixed([LABEL, tenantId, pan]);
      return keys.map(({ version, key }) => ({
        version,
        id: `v${version}.${encodeBase64Url(hmacSha256(key, message))}`,
      }));
    },
  };
}
