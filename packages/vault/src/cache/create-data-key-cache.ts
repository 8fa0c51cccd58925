import { assert, type Clock, ok, type Result, systemClock } from '@strongroom/kernel';
import { encodeBase64Url } from '../crypto/base64.js';
import type { DataKey, WrappedKey } from '../kms/kms.js';
import type { DataKeyCache, DataKeyCacheStats, DataKeyPartition } from './data-key-cache.js';

/** Limits of a {@link createDataKeyCache} cache, after the AWS Encryption SDK's caching CMM. */
export interface DataKeyCacheOptions {
  /**
   * How long a data key is reused after the KMS produced it; required and > 0. It also bounds how
   * long a process keeps decrypting after a KEK version is retired or a tenant is shredded.
   */
  readonly maxAgeMs: number;
  /** Messages one cached data key may encrypt; {@link DATA_KEY_CACHE_MAX_MESSAGES_DEFAULT} by default. */
  readonly maxMessages?: number;
  /** Plaintext bytes one cached data key may encrypt; unbounded (2⁵³−1) by default. */
  readonly maxBytes?: number;
  /** Entries kept for encryption and, separately, for decryption; least recently used go first. */
  readonly maxEntries?: number;
  readonly clock?: Clock;
}

/** Default messages per cached data key: 2³², the AWS Encryption SDK's default. */
export const DATA_KEY_CACHE_MAX_MESSAGES_DEFAULT = 2 ** 32;

/** Default entries per map (encryption, decryption). */
export const DATA_KEY_CACHE_MAX_ENTRIES_DEFAULT = 1000;

interface EncryptionEntry {
  readonly dataKey: DataKey;
  readonly createdAtMs: number;
  messages: number;
  bytes: number;
}

interface DecryptionEntry {
  readonly plaintext: Uint8Array;
  readonly createdAtMs: number;
}

// Map iterates in insertion order; re-inserting on every use keeps the least recently used first.
class LeastRecentlyUsed<Entry> {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #discard: (entry: Entry) => void;

  constructor(maxEntries: number, discard: (entry: Entry) => void) {
    this.#maxEntries = maxEntries;
    this.#discard = discard;
  }

  peek(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  touch(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#discard(entry);
  }

  clear(): void {
    for (const key of [...this.#entries.keys()]) this.delete(key);
  }
}

// A NUL cannot occur in a tenant id or a KEK name, so no crafted name reaches another partition.
const partitionKey = (partition: DataKeyPartition) =>
  `${partition.tenantId}\u0000${partition.keyId}`;

const copyDataKey = (dataKey: DataKey): DataKey => ({
  plaintext: dataKey.plaintext.slice(),
  wrapped: dataKey.wrapped,
});

function assertLimit(value: number, minimum: number, name: string): void {
  assert(Number.isSafeInteger(value) && value >= minimum, `${name} is an integer >= ${minimum}`);
}

/**
 * A data-key cache in process memory with the AWS Encryption SDK caching CMM's limits. Encryption
 * entries (one per tenant and KEK) are reused while younger than `maxAgeMs` and while this message
 * still fits under `maxMessages` and `maxBytes`; a message larger than `maxBytes` bypasses the cache.
 * Decryption entries are found by the exact wrapped key within the tenant's partition and kept
 * for `maxAgeMs`. Evicted or expired keys are zeroed. Concurrent misses for the same entry share
 * one KMS call.
 */
export function createDataKeyCache(options: DataKeyCacheOptions): DataKeyCache {
  const maxAgeMs = options.maxAgeMs;
  const maxMessages = options.maxMessages ?? DATA_KEY_CACHE_MAX_MESSAGES_DEFAULT;
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const maxEntries = options.maxEntries ?? DATA_KEY_CACHE_MAX_ENTRIES_DEFAULT;
  assertLimit(maxAgeMs, 1, 'maxAgeMs');
  assertLimit(maxMessages, 1, 'maxMessages');
  assert(maxMessages <= DATA_KEY_CACHE_MAX_MESSAGES_DEFAULT, 'maxMessages is at most 2^32');
  assertLimit(maxBytes, 1, 'maxBytes');
  assertLimit(maxEntries, 1, 'maxEntries');
  const clock = options.clock ?? systemClock;

  const encryption = new LeastRecentlyUsed<EncryptionEntry>(maxEntries, (entry) =>
    entry.dataKey.plaintext.fill(0),
  );
  const decryption = new LeastRecentlyUsed<DecryptionEntry>(maxEntries, (entry) =>
    entry.plaintext.fill(0),
  );
  const pendingEncryption = new Map<string, Promise<unknown>>();
  const pendingDecryption = new Map<string, Promise<unknown>>();
  let kmsCalls = 0;
  let hits = 0;
  let misses = 0;

  const expired = (createdAtMs: number) => clock.now().getTime() - createdAtMs >= maxAgeMs;

  const useForEncryption = (key: string, plaintextBytes: number): DataKey | undefined => {
    const entry = encryption.peek(key);
    if (entry === undefined) return undefined;
    if (
      expired(entry.createdAtMs) ||
      entry.messages + 1 > maxMessages ||
      entry.bytes + plaintextBytes > maxBytes
    ) {
      encryption.delete(key);
      return undefined;
    }
    entry.messages += 1;
    entry.bytes += plaintextBytes;
    encryption.touch(key, entry);
    return copyDataKey(entry.dataKey);
  };

  const useForDecryption = (key: string): Uint8Array | undefined => {
    const entry = decryption.peek(key);
    if (entry === undefined) return undefined;
    if (expired(entry.createdAtMs)) {
      decryption.delete(key);
      return undefined;
    }
    decryption.touch(key, entry);
    return entry.plaintext.slice();
  };

  // Runs `load` once for everyone missing the same entry at the same time; each caller then takes
  // its own copy through `use` (or loads again if the fresh entry cannot serve it). The cache keeps
  // the loaded key itself and hands the loader a copy, so only the cache holds the cached bytes.
  const loadShared = async <Value, E>(
    pending: Map<string, Promise<unknown>>,
    key: string,
    use: () => Value | undefined,
    load: () => Promise<Result<Value, E>>,
    store: ((value: Value) => Value) | undefined,
  ): Promise<Result<Value, E>> => {
    const hit = use();
    if (hit !== undefined) {
      hits += 1;
      return ok(hit);
    }
    const inFlight = pending.get(key);
    if (inFlight !== undefined) {
      await inFlight;
      const shared = use();
      if (shared !== undefined) {
        hits += 1;
        return ok(shared);
      }
    }
    misses += 1;
    kmsCalls += 1;
    if (store === undefined) return load();
    const loading = load().then((loaded) => loaded.map(store));
    const settled = loading.then(
      () => {},
      () => {},
    );
    pending.set(key, settled);
    try {
      return await loading;
    } finally {
      if (pending.get(key) === settled) pending.delete(key);
    }
  };

  return {
    encryptionKey(partition, plaintextBytes, load) {
      assertLimit(plaintextBytes, 0, 'plaintextBytes');
      const key = partitionKey(partition);
      return loadShared(
        pendingEncryption,
        key,
        () => useForEncryption(key, plaintextBytes),
        load,
        plaintextBytes > maxBytes
          ? undefined
          : (dataKey) => {
              encryption.set(key, {
                dataKey,
                createdAtMs: clock.now().getTime(),
                // The message the key was loaded for is its first.
                messages: 1,
                bytes: plaintextBytes,
              });
              return copyDataKey(dataKey);
            },
      );
    },

    decryptionKey(partition, wrapped: WrappedKey, load) {
      const key = `${partitionKey(partition)}\u0000${wrapped.keyId}\u0000${wrapped.version}\u0000${encodeBase64Url(wrapped.ciphertext)}`;
      return loadShared(
        pendingDecryption,
        key,
        () => useForDecryption(key),
        load,
        (plaintext) => {
          decryption.set(key, { plaintext, createdAtMs: clock.now().getTime() });
          return plaintext.slice();
        },
      );
    },

    stats: (): DataKeyCacheStats => ({ kmsCalls, hits, misses }),

    clear() {
      encryption.clear();
      decryption.clear();
    },
  };
}
