import { assert, type Clock, type TenantId } from '@strongroom/kernel';
import type { SubjectCryptoKey } from './local-key-wrap.js';

/** How long and how many unwrapped subject keys a process keeps. */
export interface SubjectKeyCacheLimits {
  /**
   * How long an unwrapped key is reused before the KMS is asked again. It also bounds how long
   * another process, whose cache this one cannot purge, may still decrypt an erased subject.
   */
  readonly maxAgeMs: number;
  /** Keys held at most; the least recently used goes first. */
  readonly maxEntries: number;
}

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

interface Entry extends CachedSubjectKey {
  readonly loadedAtMs: number;
}

/**
 * Unwrapped subject keys in process memory only, so decrypting does not call the KMS each time.
 * Keys are held as non-extractable `CryptoKey`s: their bytes cannot be read back out of the cache.
 */
export class SubjectKeyCache {
  readonly #limits: SubjectKeyCacheLimits;
  readonly #clock: Clock;
  // A Map iterates in insertion order; re-inserting on every hit makes the first key the least
  // recently used one.
  readonly #entries = new Map<string, Entry>();

  constructor(limits: SubjectKeyCacheLimits, clock: Clock) {
    assert(
      Number.isSafeInteger(limits.maxAgeMs) && limits.maxAgeMs >= 0,
      'maxAgeMs is a non-negative integer',
    );
    assert(
      Number.isSafeInteger(limits.maxEntries) && limits.maxEntries >= 0,
      'maxEntries is a non-negative integer',
    );
    this.#limits = limits;
    this.#clock = clock;
  }

  /** The subject's key if cached and younger than `maxAgeMs`. */
  get(tenantId: TenantId, subjectId: string): CachedSubjectKey | undefined {
    const cacheKey = keyOf(tenantId, subjectId);
    const entry = this.#entries.get(cacheKey);
    if (entry === undefined) return undefined;
    this.#entries.delete(cacheKey);
    if (this.#clock.now().getTime() - entry.loadedAtMs >= this.#limits.maxAgeMs) return undefined;
    this.#entries.set(cacheKey, entry);
    return entry;
  }

  /** Caches a key, evicting the least recently used ones beyond `maxEntries`. */
  set(tenantId: TenantId, subjectId: string, value: CachedSubjectKey): void {
    if (this.#limits.maxEntries === 0 || this.#limits.maxAgeMs === 0) return;
    const cacheKey = keyOf(tenantId, subjectId);
    this.#entries.delete(cacheKey);
    this.#entries.set(cacheKey, { ...value, loadedAtMs: this.#clock.now().getTime() });
    while (this.#entries.size > this.#limits.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
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
