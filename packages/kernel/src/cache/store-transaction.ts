import { ok, type Result } from 'neverthrow';
import { AssertionFailure, assertNever } from '../errors/assert.js';
import { type InfrastructureError, infrastructureError } from '../errors/infrastructure-error.js';
import type { RecordStore } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { StorageError } from '../storage/storage-error.js';
import type { TenantId } from '../tenant/tenant-id.js';

/**
 * Runs one step of a store kept in storage records (cache entries, rate-limit windows,
 * revocations) and reports failure the way those ports do: every storage error becomes an
 * {@link InfrastructureError}. `fn` must read with `lock` every record it rewrites; that is what
 * lets Postgres run it at READ COMMITTED, where writers of one hot key queue on its row lock
 * instead of being aborted and retried.
 */
export async function runStoreTransaction<T>(
  storage: Storage,
  tenantId: TenantId,
  operation: string,
  fn: (records: RecordStore) => Promise<T>,
): Promise<Result<T, InfrastructureError>> {
  const result = await storage.transaction(tenantId, async (tx) => ok(await fn(tx.records)), {
    isolation: 'read_committed',
  });
  return result.mapErr((error) => toStoreFault(error, operation));
}

/**
 * What a storage error means to a store port. A conflict that outlasted the retry budget is a
 * retryable fault; the other domain errors of the storage cannot follow from a caller's input
 * (every write names the version just read; entries are bounded below every adapter's limits;
 * a store must not be called from inside a transaction on its own storage), so they are bugs.
 */
export function toStoreFault(error: StorageError, operation: string): InfrastructureError {
  switch (error.type) {
    case 'infrastructure':
      return error;
    case 'storage.conflict':
      return infrastructureError({
        retryable: true,
        operation,
        message: `concurrent writers of one entry still conflicted after ${error.attempts} attempts`,
        code: error.type,
      });
    case 'storage.nested_transaction':
      throw new AssertionFailure(
        `${operation} ran inside a transaction of its own storage; a store runs its own`,
      );
    case 'storage.version_mismatch':
    case 'storage.limit_exceeded':
      throw new AssertionFailure(`${operation} failed with ${error.type}, which it rules out`);
    default:
      return assertNever(error);
  }
}
