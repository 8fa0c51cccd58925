import type { StorageError } from '../storage/storage-error.js';

/**
 * How an adapter's transaction methods report a storage error from deep inside the caller's
 * function: thrown, caught by {@link createStorage}, rolled back, and returned as a typed `err`.
 * A `storage.conflict` is retried; every other error ends the transaction at once.
 * Domain code must let it propagate (never catch-all around `tx` calls).
 */
export class StorageFailure extends Error {
  override readonly name = 'StorageFailure';
  /** The typed error the transaction will return. */
  readonly error: StorageError;

  constructor(error: StorageError) {
    super(error.type);
    this.error = error;
  }
}

/** The conflict signal adapters throw when a concurrent transaction invalidated a read. */
export function conflict(): StorageFailure {
  return new StorageFailure({ type: 'storage.conflict', attempts: 0 });
}

/** The error for a write whose expected version is not the one this transaction sees. */
export function versionMismatch(
  collection: string,
  id: string,
  expectedVersion: number,
  actualVersion: number,
): StorageFailure {
  return new StorageFailure({
    type: 'storage.version_mismatch',
    collection,
    id,
    expectedVersion,
    actualVersion,
  });
}
