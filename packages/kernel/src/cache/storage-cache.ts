import type { Result } from 'neverthrow';
import { type Clock, systemClock } from '../clock/clock.js';
import { assert } from '../errors/assert.js';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import { assertCacheEntry, assertCacheKey } from './assert-cache-entry.js';
import {
  expiresAtMsOf,
  type PurgeReport,
  type PurgeRequest,
  purgeExpiredRecords,
} from './expiring-records.js';
import type { KeyValueCache } from './key-value-cache.js';
import { runStoreTransaction } from './store-transaction.js';

/** The collection of cache entries: one record per tenant and key. */
const CACHE_COLLECTION = 'strongroom.cache';

/** What {@link createStorageCache} needs. */
export interface StorageCacheOptions {
  readonly storage: Storage;
  /** Source of every entry's expiry; default the system clock. */
  readonly clock?: Clock;
}

/** A {@link KeyValueCache} on storage records, which also sweeps the entries that have expired. */
export interface StorageKeyValueCache extends KeyValueCache {
  /**
   * Deletes one tenant's expired entries, a bounded number of pages per call: the storage port
   * has no time to live, and an expired entry is otherwise only replaced when its key is set again.
   */
  purgeExpired(
    tenantId: TenantId,
    request?: PurgeRequest,
  ): Promise<Result<PurgeReport, InfrastructureError>>;
}

/**
 * The cache for every storage adapter at once, for deployments without Redis: each entry is a
 * record holding the value and its expiry, and a read ignores an entry whose expiry has passed.
 * Bad keys, values and lifetimes throw (see {@link assertCacheKey}).
 */
export function createStorageCache(options: StorageCacheOptions): StorageKeyValueCache {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now().getTime();
  return {
    name: `storage:${storage.name}`,
    async get(tenantId, key) {
      assertCacheKey(key);
      const now = nowMs();
      return runStoreTransaction(storage, tenantId, 'cache.get', async (records) => {
        const entry = await records.get(CACHE_COLLECTION, key);
        if (entry === undefined || expiresAtMsOf(entry) <= now) return undefined;
        const value = entry.data['value'];
        assert(typeof value === 'string', 'a cache entry lacks its value');
        return value;
      });
    },
    async set(tenantId, key, value, ttlMs) {
      assertCacheKey(key);
      assertCacheEntry(value, ttlMs);
      const expiresAtMs = nowMs() + ttlMs;
      return runStoreTransaction(storage, tenantId, 'cache.set', async (records) => {
        const [current] = await records.getMany(CACHE_COLLECTION, [key], { lock: true });
        await records.put({
          collection: CACHE_COLLECTION,
          id: key,
          data: { value, expiresAtMs },
          expectedVersion: current?.version ?? 0,
        });
      });
    },
    async delete(tenantId, key) {
      assertCacheKey(key);
      return runStoreTransaction(storage, tenantId, 'cache.delete', async (records) => {
        const [current] = await records.getMany(CACHE_COLLECTION, [key], { lock: true });
        if (current === undefined) return;
        await records.delete({
          collection: CACHE_COLLECTION,
          id: key,
          expectedVersion: current.version,
        });
      });
    },
    purgeExpired: (tenantId, request) =>
      purgeExpiredRecords(storage, tenantId, CACHE_COLLECTION, nowMs(), request),
  };
}
