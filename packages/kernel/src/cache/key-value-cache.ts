import type { Result } from 'neverthrow';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { TenantId } from '../tenant/tenant-id.js';

/**
 * The cache port: string values under string keys, per tenant, each with a time to live. A cache
 * may forget an entry before its time (eviction, a restart), so callers must be able to rebuild
 * every value; never keep anything here that is not safe to lose or that is secret in plaintext.
 */
export interface KeyValueCache {
  /** Which store this is (`redis`, `storage:dynamodb`), for logs and test names. */
  readonly name: string;
  /** The value, or `undefined` when absent or expired. */
  get(tenantId: TenantId, key: string): Promise<Result<string | undefined, InfrastructureError>>;
  /** Stores a value for `ttlMs` (at least 1 ms, at most {@link CACHE_TTL_MAX_MS}). */
  set(
    tenantId: TenantId,
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<Result<void, InfrastructureError>>;
  /** Removes a value; removing a missing one is not an error. */
  delete(tenantId: TenantId, key: string): Promise<Result<void, InfrastructureError>>;
}

/** Longest cache key. */
export const CACHE_KEY_MAX_LENGTH = 200;
/** Largest cached value, in UTF-8 bytes (below DynamoDB's 400 KB item limit with room to spare). */
export const CACHE_VALUE_MAX_BYTES = 64 * 1024;
/** Longest time to live: a day; a cache is not a store. */
export const CACHE_TTL_MAX_MS = 24 * 60 * 60 * 1000;
