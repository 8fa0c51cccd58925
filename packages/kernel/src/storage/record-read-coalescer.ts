import { ok, type Result } from 'neverthrow';
import { shareTenantCalls } from '../batching/shared-tenant-calls.js';
import { assert } from '../errors/assert.js';
import type { TenantId } from '../tenant/tenant-id.js';
import type { RecordStore, StoredRecord } from './records.js';
import type { Storage } from './storage.js';
import type { StorageError } from './storage-error.js';

/** Default of {@link RecordReadCoalescerOptions.maxCallsPerRead}. */
export const COALESCED_CALLS_PER_READ_DEFAULT = 32;
/** Largest {@link RecordReadCoalescerOptions.maxCallsPerRead} and `maxInFlight`. */
export const COALESCER_LIMIT_MAX = 1024;

/** How a {@link RecordReadCoalescer} reads; every field is optional. */
export interface RecordReadCoalescerOptions {
  /** Most calls one read transaction answers; default {@link COALESCED_CALLS_PER_READ_DEFAULT}. */
  readonly maxCallsPerRead?: number;
  /** Read transactions of one tenant running at once; default 1. */
  readonly maxInFlight?: number;
}

/** The records a call asks for, in the order asked, `undefined` for each missing one. */
export type CoalescedRead = Result<(StoredRecord | undefined)[], StorageError>;

/**
 * Reads of a few records each, made outside any transaction of the caller's, that concurrent
 * callers of one tenant share: calls of one tick, and calls made while the tenant's reads are
 * all running, are answered by one read transaction with one `getMany` per collection.
 *
 * A read only ever starts after every call it answers was made, so each caller sees at least
 * every commit that finished before its call — what a read transaction of its own would see. A
 * storage error reaches every caller of that read, as it would have reached each alone. Like any
 * store, it must not be called inside a transaction on its own storage: such a call fails the
 * read it shares with `storage.nested_transaction`.
 */
export interface RecordReadCoalescer {
  /** The records `ids` of `collection` for `tenantId`, as a read made after this call sees them. */
  read(tenantId: TenantId, collection: string, ids: readonly string[]): Promise<CoalescedRead>;
}

// One statement per collection: no snapshot across collections is needed, so no stricter level.
const readOptions = { isolation: 'read_committed' } as const;

interface ReadCall {
  readonly collection: string;
  readonly ids: readonly string[];
}

/**
 * Builds a {@link RecordReadCoalescer} on `storage`. Why: a per-request check (is this token
 * revoked?) is one tiny read transaction per request, and on a database server the round trips,
 * statements and socket writes of those transactions cost more than the reads; under load one
 * transaction answers every check that queued behind the last one. Only a storage that declares
 * `capabilities.sharedTransactions` (the Postgres server) is shared; on any other (memory, PGlite,
 * DynamoDB) each call reads alone, as it would without the coalescer.
 */
export function createRecordReadCoalescer(
  storage: Storage,
  options: RecordReadCoalescerOptions = {},
): RecordReadCoalescer {
  const maxBatchSize = options.maxCallsPerRead ?? COALESCED_CALLS_PER_READ_DEFAULT;
  const maxInFlight = options.maxInFlight ?? 1;
  for (const [name, value] of [
    ['maxCallsPerRead', maxBatchSize],
    ['maxInFlight', maxInFlight],
  ] as const) {
    assert(
      Number.isSafeInteger(value) && value >= 1 && value <= COALESCER_LIMIT_MAX,
      `${name} is an integer from 1 to ${COALESCER_LIMIT_MAX}`,
    );
  }
  const read = shareTenantCalls(
    storage,
    { maxBatchSize, maxInFlight },
    async (tenantId, calls: readonly ReadCall[]) =>
      await storage.transaction(
        tenantId,
        async (tx) => ok(await readEveryCall(tx.records, calls)),
        readOptions,
      ),
  );
  return {
    async read(tenantId, collection, ids) {
      if (ids.length === 0) return ok([]);
      return read(tenantId, { collection, ids: [...ids] });
    },
  };
}

// One getMany per collection of every id the calls ask in it (each id once), then each call's own.
async function readEveryCall(
  records: RecordStore,
  calls: readonly ReadCall[],
): Promise<(StoredRecord | undefined)[][]> {
  // A call read alone needs nothing gathered around its own getMany.
  const [only] = calls;
  if (calls.length === 1 && only !== undefined) {
    return [await records.getMany(only.collection, only.ids)];
  }
  const wanted = new Map<string, Set<string>>();
  for (const { collection, ids } of calls) {
    const inCollection = wanted.get(collection) ?? new Set<string>();
    for (const id of ids) inCollection.add(id);
    wanted.set(collection, inCollection);
  }
  const found = new Map<string, Map<string, StoredRecord | undefined>>();
  for (const [collection, idSet] of wanted) {
    const ids = [...idSet];
    const read = await records.getMany(collection, ids);
    found.set(collection, new Map(ids.map((id, position) => [id, read[position]])));
  }
  return calls.map(({ collection, ids }) => ids.map((id) => found.get(collection)?.get(id)));
}
