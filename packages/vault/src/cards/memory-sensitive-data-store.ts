import {
  assert,
  type Clock,
  err,
  ok,
  type Result,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import type { SensitiveDataStore, SensitiveDataStoreError } from './sensitive-data-store.js';

/** Entries the in-process store holds at most by default, across tenants. */
export const MEMORY_SENSITIVE_DATA_ENTRIES_DEFAULT = 100_000;

/** Options of {@link createMemorySensitiveDataStore}. */
export interface MemorySensitiveDataStoreOptions {
  readonly clock?: Clock;
  /** Most entries held at once, across tenants. */
  readonly maxEntries?: number;
}

interface HeldEntry {
  readonly sealed: string;
  readonly expiresAtMs: number;
}

/**
 * The default {@link SensitiveDataStore}: a map in process memory, which PCI DSS 3.3.1 allows for
 * data held until authorization because it is never written to disk or a backup. It is per
 * process, so the authorization must run on the process that tokenized the card, and a restart
 * drops every entry (the cardholder re-enters the code). Bounded by `maxEntries`.
 */
export function createMemorySensitiveDataStore(
  options: MemorySensitiveDataStoreOptions = {},
): SensitiveDataStore {
  const clock = options.clock ?? systemClock;
  const maxEntries = options.maxEntries ?? MEMORY_SENSITIVE_DATA_ENTRIES_DEFAULT;
  assert(Number.isSafeInteger(maxEntries) && maxEntries >= 1, 'maxEntries is a positive integer');
  const tenants = new Map<TenantId, Map<string, HeldEntry>>();
  let size = 0;

  const sweepTenant = (tenantId: TenantId, nowMs: number): number => {
    const entries = tenants.get(tenantId);
    if (entries === undefined) return 0;
    let removed = 0;
    for (const [key, entry] of entries) {
      if (entry.expiresAtMs <= nowMs) {
        entries.delete(key);
        removed += 1;
      }
    }
    if (entries.size === 0) tenants.delete(tenantId);
    size -= removed;
    return removed;
  };

  const remove = (tenantId: TenantId, key: string): HeldEntry | undefined => {
    const entries = tenants.get(tenantId);
    const entry = entries?.get(key);
    if (entries === undefined || entry === undefined) return undefined;
    entries.delete(key);
    if (entries.size === 0) tenants.delete(tenantId);
    size -= 1;
    return entry;
  };

  return {
    kind: 'memory',
    async put(tenantId, key, sealed, expiresAt): Promise<Result<void, SensitiveDataStoreError>> {
      const nowMs = clock.now().getTime();
      remove(tenantId, key);
      if (size >= maxEntries) {
        for (const tenant of [...tenants.keys()]) sweepTenant(tenant, nowMs);
      }
      if (size >= maxEntries) {
        return err({ type: 'vault.sensitive_data_store_full', maximum: maxEntries });
      }
      let entries = tenants.get(tenantId);
      if (entries === undefined) {
        entries = new Map();
        tenants.set(tenantId, entries);
      }
      entries.set(key, { sealed, expiresAtMs: expiresAt.getTime() });
      size += 1;
      return ok(undefined);
    },
    async take(tenantId, key) {
      const entry = remove(tenantId, key);
      if (entry === undefined || entry.expiresAtMs <= clock.now().getTime()) return ok(null);
      return ok(entry.sealed);
    },
    async discard(tenantId, key) {
      remove(tenantId, key);
      return ok(undefined);
    },
    async sweep(tenantId) {
      return ok(sweepTenant(tenantId, clock.now().getTime()));
    },
  };
}
