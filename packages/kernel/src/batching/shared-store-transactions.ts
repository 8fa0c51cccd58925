import type { Result } from 'neverthrow';
import { runStoreTransaction } from '../cache/store-transaction.js';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { RecordStore } from '../storage/records.js';
import type { Storage } from '../storage/storage.js';
import type { TenantId } from '../tenant/tenant-id.js';
import { shareTenantCalls } from './shared-tenant-calls.js';

/** Most calls one shared store transaction carries. */
const SHARED_CALLS_MAX = 32;

/** The most one call may write, so that the calls of a shared transaction stay within limits. */
export interface StoreCallSize {
  /** Record writes of one call at most. */
  readonly writes: number;
  /** Serialized bytes one call may write at most; unbounded when left out. */
  readonly bytes?: number;
}

/**
 * A store port's single calls (a rate-limit count, a revocation, an idempotency claim), each run
 * by `apply` in a store transaction (`runStoreTransaction`) with the calls it shares it with. On
 * a storage that declares `capabilities.sharedTransactions` (Postgres) the concurrent calls of a
 * tenant share one transaction: at most 32, fewer where `size` says the storage's write or byte
 * limits would be crossed, and one such transaction per tenant at a time. Elsewhere each call
 * runs alone. `apply` answers every call it was given, in order.
 */
export function shareStoreTransactions<Call, Answer>(
  storage: Storage,
  operation: string,
  size: StoreCallSize,
  apply: (records: RecordStore, calls: readonly Call[]) => Promise<readonly Answer[]>,
): (tenantId: TenantId, call: Call) => Promise<Result<Answer, InfrastructureError>> {
  const { writesPerTransaction, bytesPerTransaction } = storage.limits;
  const maxBatchSize = Math.max(
    1,
    Math.min(
      SHARED_CALLS_MAX,
      Math.floor(writesPerTransaction / size.writes),
      size.bytes === undefined ? SHARED_CALLS_MAX : Math.floor(bytesPerTransaction / size.bytes),
    ),
  );
  return shareTenantCalls(storage, { maxBatchSize, maxInFlight: 1 }, (tenantId, calls) =>
    runStoreTransaction(storage, tenantId, operation, (records) => apply(records, calls)),
  );
}
