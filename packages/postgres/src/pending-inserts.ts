import { assert, type TenantId } from '@strongroom/kernel';
import type { Kysely } from 'kysely';
import type { HeldBackStatement } from './held-back-statement.js';
import { pendingKey, touchesPending } from './pending-keys.js';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';
import { readTenantRows, tenantRowValues } from './tenant-rows.js';

// What one held-back insert binds, in statement order.
type InsertRow = readonly [collection: string, id: string, data: string, version: bigint];
const INSERT_ROW_WIDTH = 4;

// The multi-row insert of the values `PendingInserts.take` lays out. Under SERIALIZABLE a
// concurrent, uncommitted or invisible insert of the same key raises 40001 here instead of doing
// nothing, so "nothing" means the row is visible.
function insertStatement(transaction: Kysely<StrongroomTables>, values: readonly unknown[]) {
  const { tenantId, rows } = readTenantRows<InsertRow>(values, INSERT_ROW_WIDTH);
  return transaction
    .insertInto(RECORDS_TABLE)
    .values(
      rows.map(([collection, id, data, version]) => ({
        tenant_id: tenantId,
        collection,
        id,
        data,
        version,
      })),
    )
    .onConflict((conflict) => conflict.columns(['tenant_id', 'collection', 'id']).doNothing())
    .returning(['collection', 'id']);
}

interface PendingInsert {
  readonly collection: string;
  readonly id: string;
  readonly json: string;
  /** 1, plus one for every update of the new row folded into the insert. */
  readonly version: number;
}

/**
 * Inserts (`put` with expectedVersion 0) of one attempt, held back and sent as ONE multi-row
 * `INSERT … ON CONFLICT DO NOTHING` right before the attempt's next statement or its COMMIT.
 * A command typically inserts its change, an audit leaf and sometimes more new rows: this saves
 * a round trip per extra row, which is most of what an audit leaf would otherwise cost. The
 * answer is the same as inserting at once, only later: a row that already exists is a
 * `version_mismatch`; a concurrent insert of the same key is a serialization failure. Updates of
 * a row the attempt is still holding back fold into its insert, which then creates the row at
 * their version with their body.
 */
export class PendingInserts {
  #inserts = new Map<string, PendingInsert>();

  /** Whether a waiting write touches these records of `collection` (all of it without `ids`). */
  touches(collection: string, ids: readonly string[] | undefined): boolean {
    return touchesPending(this.#inserts, collection, ids);
  }

  /** The version a waiting insert of this key creates the row at, or undefined when none waits. */
  version(collection: string, id: string): number | undefined {
    return this.#inserts.get(pendingKey(collection, id))?.version;
  }

  /** Drops a queued insert (the transaction deleted the row it was about to create). */
  remove(collection: string, id: string): void {
    this.#inserts.delete(pendingKey(collection, id));
  }

  /** Queues an insert at version 1; the key must not be queued already. */
  add(insert: { readonly collection: string; readonly id: string; readonly json: string }): void {
    this.#inserts.set(pendingKey(insert.collection, insert.id), { ...insert, version: 1 });
  }

  /**
   * Folds an update into the waiting insert of its key, which the caller has checked it expects
   * ({@link PendingInserts.version}); returns the version the row will be created at.
   */
  rewrite(collection: string, id: string, json: string): number {
    const key = pendingKey(collection, id);
    const waiting = this.#inserts.get(key);
    assert(waiting !== undefined, 'only a waiting insert can take an update');
    const version = waiting.version + 1;
    // Replacing a Map entry keeps its place, so mismatches are still reported in queue order.
    this.#inserts.set(key, { collection, id, json, version });
    return version;
  }

  /**
   * The one statement sending every queued insert, emptying the queue; undefined when none waits.
   * A row that already exists is left out of what it returns.
   */
  take(transaction: Kysely<StrongroomTables>, tenantId: TenantId): HeldBackStatement | undefined {
    if (this.#inserts.size === 0) return undefined;
    const queued = this.#inserts;
    this.#inserts = new Map();
    const batch = [...queued.values()];
    const rows = batch.map(
      ({ collection, id, json, version }): InsertRow => [collection, id, json, BigInt(version)],
    );
    const expected = batch.map(({ collection, id }) => ({ collection, id, expectedVersion: 0 }));
    return {
      shape: `insert ${rows.length}`,
      values: tenantRowValues(tenantId, rows),
      build: (values) => insertStatement(transaction, values),
      expected,
      keys: queued,
    };
  }
}
