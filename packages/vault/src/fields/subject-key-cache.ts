import {
  BoundedCache,
  type BoundedCacheLimits,
  type Clock,
  type TenantId,
} from '@strongroom/kernel';
import type { SubjectCryptoKey } from './local-key-wrap.js';

/**
 * How long and how many unwrapped subject keys a process keeps. `maxAgeMs` is how long an
 * unwrapped key is reused before the KMS is asked again; it also bounds how long another process,
 * whose cache this one cannot purge, may still decrypt an erased subject.
 */
export type SubjectKeyCacheLimits = BoundedCacheLimits;

/** Defaults: five minutes, ten thousand subjects (each entry is a handle, not key bytes). */
export const SUBJECT_KEY_CACHE_DEFAULTS: SubjectKeyCacheLimits = {
  maxAgeMs: 5 * 60 * 1000,
  maxEntries: 10_000,
};

/** An unwrapped subject key, as a non-extractable WebCrypto key, and its generation. */
export interface CachedSubjectKey {
  readonly key: SubjectCryptoKey;
  readonly generation: number;
}

/**
 * Unwrapped subject keys in process memory only, so decrypting does not call the KMS each time.
 * Keys are held as non-extractable `CryptoKey`s: their bytes cannot be read back out of the cache.
 */
export class SubjectKeyCache {
  readonly #entries: BoundedCache<CachedSubjectKey>;

  constructor(limits: SubjectKeyCacheLimits, clock: Clock) {
    this.#entries = new BoundedCache(limits, clock);
  }

  /** The subject's key if cached and younger than `maxAgeMs`. */
  get(tenantId: TenantId, subjectId: string): CachedSubjectKey | undefined {
    return this.#entries.get(keyOf(tenantId, subjectId));
  }

  /** Caches a key, evicting the least recently used ones beyond `maxEntries`. */
  set(tenantId: TenantId, subjectId: string, value: CachedSubjectKey): void {
    this.#entries.set(keyOf(tenantId, subjectId), value);
  }

  /** Forgets one subject's key (after erasure). */
  delete(tenantId: TenantId, subjectId: string): void {
    this.#entries.delete(keyOf(tenantId, subjectId));
  }

  /** How many keys are held, for tests and metrics. */
  get size(): number {
    return this.#entries.size;
  }
}

// A NUL cannot occur in a tenant id, so the pair cannot be forged by a crafted subject id.
function keyOf(tenantId: TenantId, subjectId: string): string {
  return `${tenantId}\u0000${subjectId}`;
}
