import type { Clock } from '../clock/clock.js';
import { assert } from '../errors/assert.js';

/** How many entries a bounded in-process cache keeps, and for how long. */
export interface BoundedCacheLimits {
  /**
   * How long an entry is served before it is read again. It bounds how long a change made by
   * another process (a rotation) goes unseen here.
   */
  readonly maxAgeMs: number;
  /** Entries held at most; the least recently used goes first. */
  readonly maxEntries: number;
}

interface Entry<Value> {
  readonly value: Value;
  readonly loadedAtMs: number;
}

/**
 * A least-recently-used map in process memory whose entries also expire, timed by the
 * {@link Clock} port: for values a process may reuse for a while (verified tokens, signing keys,
 * unwrapped subject keys) but must not keep without bound.
 */
export class BoundedCache<Value> {
  readonly #limits: BoundedCacheLimits;
  readonly #clock: Clock;
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recently used first.
  readonly #entries = new Map<string, Entry<Value>>();

  constructor(limits: BoundedCacheLimits, clock: Clock) {
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

  /** The value if present and younger than `maxAgeMs`. */
  get(key: string): Value | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (this.#clock.now().getTime() - entry.loadedAtMs >= this.#limits.maxAgeMs) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores a value, evicting the least recently used entries beyond `maxEntries`. */
  set(key: string, value: Value): void {
    if (this.#limits.maxEntries === 0 || this.#limits.maxAgeMs === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, loadedAtMs: this.#clock.now().getTime() });
    while (this.#entries.size > this.#limits.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** How many entries are held, for tests and metrics. */
  get size(): number {
    return this.#entries.size;
  }
}
