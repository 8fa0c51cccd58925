import type { StorageLimits } from '../storage/storage.js';
import type { StorageLimitName } from '../storage/storage-error.js';
import { StorageFailure } from './storage-failure.js';

function exceeded(limit: StorageLimitName, maximum: number, attempted: number): StorageFailure {
  return new StorageFailure({ type: 'storage.limit_exceeded', limit, maximum, attempted });
}

/**
 * Counts what one transaction writes against the adapter's limits and fails it before the write
 * that would cross one, so an oversized transaction never reaches the database. Writing the same
 * key twice counts once, with its latest size, as every adapter commits only the last write.
 */
export class WriteBudget {
  readonly #limits: StorageLimits;
  readonly #bytesByKey = new Map<string, number>();
  #bytes = 0;

  constructor(limits: StorageLimits) {
    this.#limits = limits;
  }

  /** How many distinct items the transaction writes so far. */
  get writes(): number {
    return this.#bytesByKey.size;
  }

  /** Accounts for writing `key` with `bytes` serialized bytes, or throws the limit error. */
  charge(key: string, bytes: number): void {
    if (bytes > this.#limits.bytesPerRecord) {
      throw exceeded('bytes_per_record', this.#limits.bytesPerRecord, bytes);
    }
    const previousBytes = this.#bytesByKey.get(key);
    const writes = this.#bytesByKey.size + (previousBytes === undefined ? 1 : 0);
    if (writes > this.#limits.writesPerTransaction) {
      throw exceeded('writes_per_transaction', this.#limits.writesPerTransaction, writes);
    }
    const totalBytes = this.#bytes - (previousBytes ?? 0) + bytes;
    if (totalBytes > this.#limits.bytesPerTransaction) {
      throw exceeded('bytes_per_transaction', this.#limits.bytesPerTransaction, totalBytes);
    }
    this.#bytesByKey.set(key, bytes);
    this.#bytes = totalBytes;
  }
}
