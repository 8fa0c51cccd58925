import { bytesToHex } from '@noble/hashes/utils.js';
import type { TenantId } from '@strongroom/kernel';
import { hmacSha256 } from '../crypto/hmac-sha256.js';
import { lengthPrefixed } from '../crypto/length-prefixed.js';
import type { SecretVersion } from '../secrets/secret-provider.js';

/** Shortest blind-index key accepted: the HMAC output length (RFC 2104 §3 discourages shorter keys). */
export const BLIND_INDEX_KEY_MIN_BYTES = 32;

const BLIND_INDEX_LABEL = 'strongroom/vault/blind-index/v1';

/**
 * A blind index: HMAC-SHA-256 under one version of the blind-index secret, over the tenant, the
 * field and the value, each length-prefixed, written `v<version>.<hex>`. Binding tenant and field
 * means equal values in two tenants or two fields never share an index, so an index reveals
 * nothing across them. The version prefix lets lookups try every live version while the secret
 * rotates.
 */
export function computeBlindIndex(
  secret: SecretVersion,
  tenantId: TenantId,
  field: string,
  value: Uint8Array,
): string {
  const mac = hmacSha256(secret.value, lengthPrefixed([BLIND_INDEX_LABEL, tenantId, field, value]));
  return `v${secret.version}.${bytesToHex(mac)}`;
}
