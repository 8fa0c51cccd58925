import {
  type Clock,
  type Cursor,
  err,
  ok,
  PAGE_LIMIT_MAX,
  type Result,
  type Storage,
  type StorageError,
  systemClock,
} from '@strongroom/kernel';
import { CARD_COLLECTIONS } from './card-records.js';
import type { SensitiveDataStore } from './sensitive-data-store.js';

/** Pages one sweep reads at most; a larger backlog is left for the next sweep. */
export const SENSITIVE_DATA_SWEEP_PAGES_MAX = 100;

/** Options of {@link createStorageSensitiveDataStore}. */
export interface StorageSensitiveDataStoreOptions {
  readonly storage: Storage;
  readonly clock?: Clock;
}

function expiresAtMsOf(data: Readonly<Record<string, unknown>>): number {
  const expiresAt = data['expiresAt'];
  // An unreadable expiry counts as expired: such an entry is removed, never returned.
  return typeof expiresAt === 'string' ? Date.parse(expiresAt) || 0 : 0;
}

/**
 * A {@link SensitiveDataStore} in the storage port's collection `vault.sad`, for deployments
 * where the authorization runs on another process than the tokenization. Entries are already
 * encrypted (PCI DSS 3.3.2) and `take` deletes the record in the very transaction that reads it,
 * so a code is returned at most once even when two takes race. The storage's backups may still
 * hold an entry written before a backup ran; keep the TTL short and prefer the memory store.
 */
export function createStorageSensitiveDataStore(
  options: StorageSensitiveDataStoreOptions,
): SensitiveDataStore {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const collection = CARD_COLLECTIONS.sensitiveData;
  const pageLimit = Math.min(PAGE_LIMIT_MAX, storage.limits.writesPerTransaction);

  return {
    kind: 'storage',
    async put(tenantId, key, sealed, expiresAt) {
      return storage.transaction(tenantId, async (tx) => {
        const existing = await tx.records.get(collection, key);
        await tx.records.put({
          collection,
          id: key,
          data: { sealed, expiresAt: expiresAt.toISOString() },
          expectedVersion: existing?.version ?? 0,
        });
        return ok(undefined);
      });
    },
    async take(tenantId, key) {
      const nowMs = clock.now().getTime();
      return storage.transaction(tenantId, async (tx) => {
        const record = await tx.records.get(collection, key);
        if (record === undefined) return ok(null);
        await tx.records.delete({ collection, id: key, expectedVersion: record.version });
        const sealed = record.data['sealed'];
        if (expiresAtMsOf(record.data) <= nowMs || typeof sealed !== 'string') return ok(null);
        return ok(sealed);
      });
    },
    async discard(tenantId, key) {
      return storage.transaction(tenantId, async (tx) => {
        const record = await tx.records.get(collection, key);
        if (record !== undefined) {
          await tx.records.delete({ collection, id: key, expectedVersion: record.version });
        }
        return ok(undefined);
      });
    },
    async sweep(tenantId): Promise<Result<number, StorageError>> {
      const nowMs = clock.now().getTime();
      let removed = 0;
      let after: Cursor | null = null;
      for (let page = 0; page < SENSITIVE_DATA_SWEEP_PAGES_MAX; page += 1) {
        const from: Cursor | null = after;
        const swept = await storage.transaction(tenantId, async (tx) => {
          const listed = await tx.records.list(
            collection,
            from === null ? { limit: pageLimit } : { limit: pageLimit, after: from },
          );
          let deleted = 0;
          for (const record of listed.items) {
            if (expiresAtMsOf(record.data) > nowMs) continue;
            await tx.records.delete({ collection, id: record.id, expectedVersion: record.version });
            deleted += 1;
          }
          return ok({ deleted, next: listed.next });
        });
        if (swept.isErr()) return err(swept.error);
        removed += swept.value.deleted;
        after = swept.value.next;
        if (after === null) break;
      }
      return ok(removed);
    },
  };
}
