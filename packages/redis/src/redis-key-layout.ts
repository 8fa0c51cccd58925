import type { RevocationKind } from '@strongroom/identity';
import { assert, type TenantId } from '@strongroom/kernel';

/** The prefix used when none is given: keeps Strongroom's keys apart in a shared Redis. */
export const REDIS_DEFAULT_KEY_PREFIX = 'strongroom:';

/** Longest key prefix; every key stays short enough for Redis to keep in memory cheaply. */
export const REDIS_KEY_PREFIX_MAX_LENGTH = 64;

// Letters, digits and `_ . : -` only: a prefix must never contain a SCAN glob character, so an
// operator can list or delete exactly one application's keys with `SCAN MATCH <prefix>*`.
const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_.:-]*$/;

/**
 * Where each adapter keeps its entries. The tenant always comes right after the adapter's segment,
 * so two tenants never share a counter, a cached value, a revocation or an idempotency key. Tenant
 * ids and policy names cannot contain `:`, so no two distinct inputs build the same key.
 */
export interface RedisKeyLayout {
  /** `<prefix>rl:<tenantId>:<policyName>:<key>` */
  rateLimit(tenantId: TenantId, policyName: string, key: string): string;
  /** `<prefix>cache:<tenantId>:<key>` */
  cache(tenantId: TenantId, key: string): string;
  /** `<prefix>rev:<tenantId>:<kind>:<id>` */
  revocation(tenantId: TenantId, kind: RevocationKind, id: string): string;
  /** `<prefix>idem:<tenantId>:<key>` */
  idempotency(tenantId: TenantId, key: string): string;
}

/** Builds the key layout under a prefix (default {@link REDIS_DEFAULT_KEY_PREFIX}). */
export function redisKeyLayout(keyPrefix: string = REDIS_DEFAULT_KEY_PREFIX): RedisKeyLayout {
  assert(keyPrefix.length <= REDIS_KEY_PREFIX_MAX_LENGTH, 'Redis key prefix is too long');
  assert(
    KEY_PREFIX_PATTERN.test(keyPrefix),
    'Redis key prefix has characters outside [A-Za-z0-9_.:-]',
  );
  return {
    rateLimit: (tenantId, policyName, key) => `${keyPrefix}rl:${tenantId}:${policyName}:${key}`,
    cache: (tenantId, key) => `${keyPrefix}cache:${tenantId}:${key}`,
    revocation: (tenantId, kind, id) => `${keyPrefix}rev:${tenantId}:${kind}:${id}`,
    idempotency: (tenantId, key) => `${keyPrefix}idem:${tenantId}:${key}`,
  };
}
