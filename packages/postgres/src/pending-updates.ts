import { assert, type TenantId } from '@strongroom/kernel';
import { type Kysely, sql } from 'kysely';
import type { HeldBackStatement } from './held-back-statement.js';
import { pendingKey, touchesPending } from './pending-keys.js';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';
import { readTenantRows, tenantRowValues } from './tenant-rows.js';

interface PendingUpdate {
  readonly collection: string;
  readonly id: string;
  readonly json: string;
  /** The version the row must still have when the update is sent: the first put's expectation. */
  readonly expectedVersion: number;
  /** The version the row gets: one more than expected for every put folded into this update. */
  readonly version: number;
}

// A row of the VALUES list the batched UPDATE joins the records with.
interface UpdateValues {
  readonly collection: string;
  readonly id: string;
  readonly data: string;
  readonly expected: bigint;
  readonly version: bigint;
}

// What one held-back update binds, in statement order (that of `UpdateValues`).
type UpdateRow = readonly [
  collection: string,
  id: string,
  data: string,
  expected: bigint,
  version: bigint,
];
const UPDATE_ROW_WIDTH = 5;

// The batched update of the values `PendingUpdates.take` lays out. Parameters arrive untyped and
// VALUES would make them text, so every one is cast.
function updateStatement(transaction: Kysely<StrongroomTables>, values: readonly unknown[]) {
  const { tenantId, rows } = readTenantRows<UpdateRow>(values, UPDATE_ROW_WIDTH);
  const valueRows = sql.join(
    rows.map(
      ([collection, id, data, expected, version]) =>
        sql`(${collection}, ${id}, ${data}::jsonb, ${expected}::int8, ${version}::int8)`,
    ),
  );
  const joined = sql<UpdateValues>`(values ${valueRows})`.as<'v'>(
    sql`v(collection, id, data, expected, version)`,
  );
  return transaction
    .updateTable(`${RECORDS_TABLE} as r`)
    .from(joined)
    .set((update) => ({
      data: update.ref('v.data'),
      version: update.ref('v.version'),
      updated_at: sql<Date>`now()`,
    }))
    .where('r.tenant_id', '=', tenantId)
    .whereRef('r.collection', '=', 'v.collection')
    .whereRef('r.id', '=', 'v.id')
    .whereRef('r.version', '=', 'v.expected')
    .returning(['r.collection', 'r.id']);
}

// Code point order of the keys, the same in every process: see `PendingUpdates.flush`.
function byKey(left: PendingUpdate, right: PendingUpdate): number {
  if (left.collection !== right.collection) return left.collection < right.collection ? -1 : 1;
  if (left.id === right.id) return 0;
  return left.id < right.id ? -1 : 1;
}

/**
 * Updates (`put` with expectedVersion above 0) of one attempt, held back and sent as ONE
 * `UPDATE … FROM (VALUES …) WHERE version = expected` right before the attempt's next statement
 * or its COMMIT. A ledger posting locks its accounts and then rewrites each of them: sent one by
 * one, every rewrite is a round trip while the account locks are held, which is what concurrent
 * commands on a hot account queue for. As with held-back inserts the answer is the same, only
 * later: a row that is gone or at another version is a mismatch (see `AttemptContext.mismatch`).
 * Two puts of one record fold into one update that still checks the first put's expectation, so
 * the row is checked against the database once and written once, at its final version.
 */
export class PendingUpdates {
  #updates = new Map<string, PendingUpdate>();

  /** Whether a waiting write touches these records of `collection` (all of it without `ids`). */
  touches(collection: string, ids: readonly string[] | undefined): boolean {
    return touchesPending(this.#updates, collection, ids);
  }

  /** The version a waiting update of this key gives the row, or undefined when none is waiting. */
  version(collection: string, id: string): number | undefined {
    return this.#updates.get(pendingKey(collection, id))?.version;
  }

  /**
   * Queues an update expecting `expectedVersion`, or folds it into the update of the same key
   * already waiting, which the caller has checked it expects ({@link PendingUpdates.version}).
   * Returns the version the row will have.
   */
  add(update: {
    readonly collection: string;
    readonly id: string;
    readonly json: string;
    readonly expectedVersion: number;
  }): number {
    const key = pendingKey(update.collection, update.id);
    const waiting = this.#updates.get(key);
    assert(
      waiting === undefined || waiting.version === update.expectedVersion,
      'a folded update expects the version the waiting one gives the row',
    );
    const expectedVersion = waiting?.expectedVersion ?? update.expectedVersion;
    const version = update.expectedVersion + 1;
    // Replacing a Map entry keeps its place, so mismatches are still reported in queue order.
    this.#updates.set(key, { ...update, expectedVersion, version });
    return version;
  }

  /**
   * The one statement sending every queued update, emptying the queue; undefined when none waits.
   * A row not at its expected version is left out of what it returns.
   */
  take(transaction: Kysely<StrongroomTables>, tenantId: TenantId): HeldBackStatement | undefined {
    if (this.#updates.size === 0) return undefined;
    const queued = this.#updates;
    this.#updates = new Map();
    const batch = [...queued.values()];
    // The join usually visits the VALUES in their order and locks each row as it updates it: in
    // one key order everywhere, two attempts updating the same rows unlocked wait for each other
    // instead of deadlocking (which PostgreSQL only detects after deadlock_timeout, 1 s).
    const rows = batch
      .toSorted(byKey)
      .map(
        ({ collection, id, json, expectedVersion, version }): UpdateRow => [
          collection,
          id,
          json,
          BigInt(expectedVersion),
          BigInt(version),
        ],
      );
    return {
      shape: `update ${rows.length}`,
      values: tenantRowValues(tenantId, rows),
      build: (values) => updateStatement(transaction, values),
      expected: batch,
      keys: queued,
    };
  }
}
