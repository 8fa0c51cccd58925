import type { TenantId } from '@strongroom/kernel';
import { type Kysely, sql } from 'kysely';
import type { HeldBackStatement } from './held-back-statement.js';
import { pendingKey, touchesPending } from './pending-keys.js';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';
import { readTenantRows, tenantRowValues } from './tenant-rows.js';

interface PendingDelete {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
}

// What one held-back delete binds, in statement order.
type DeleteRow = readonly [collection: string, id: string, expectedVersion: bigint];
const DELETE_ROW_WIDTH = 3;

// The batched delete of the values `PendingDeletes.take` lays out.
function deleteStatement(transaction: Kysely<StrongroomTables>, values: readonly unknown[]) {
  const { tenantId, rows } = readTenantRows<DeleteRow>(values, DELETE_ROW_WIDTH);
  const keys = sql.join(
    rows.map(
      ([collection, id, expectedVersion]) => sql`(${collection}, ${id}, ${expectedVersion}::int8)`,
    ),
  );
  return transaction
    .deleteFrom(RECORDS_TABLE)
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`(collection, id, version) in (${keys})`)
    .returning(['collection', 'id']);
}

/**
 * Deletes of one attempt, held back and sent as ONE `DELETE … WHERE (collection, id, version) IN
 * (…)` right before the attempt's next statement or its COMMIT — the audit sequencer removes a
 * whole batch of queued leaves at once this way. As with held-back inserts the answer is the same,
 * only later: a row that is gone or at another version is a `version_mismatch`.
 */
export class PendingDeletes {
  #deletes = new Map<string, PendingDelete>();

  /** Whether a waiting write touches these records of `collection` (all of it without `ids`). */
  touches(collection: string, ids: readonly string[] | undefined): boolean {
    return touchesPending(this.#deletes, collection, ids);
  }

  /** Whether a delete of this key is waiting. */
  has(collection: string, id: string): boolean {
    return this.#deletes.has(pendingKey(collection, id));
  }

  /** Queues a delete; the key must not be queued already. */
  add(target: PendingDelete): void {
    this.#deletes.set(pendingKey(target.collection, target.id), target);
  }

  /**
   * The one statement sending every queued delete, emptying the queue; undefined when none waits.
   * A row that is gone or at another version is left out of what it returns.
   */
  take(transaction: Kysely<StrongroomTables>, tenantId: TenantId): HeldBackStatement | undefined {
    if (this.#deletes.size === 0) return undefined;
    const queued = this.#deletes;
    this.#deletes = new Map();
    const batch = [...queued.values()];
    const rows = batch.map(
      ({ collection, id, expectedVersion }): DeleteRow => [collection, id, BigInt(expectedVersion)],
    );
    return {
      shape: `delete ${rows.length}`,
      values: tenantRowValues(tenantId, rows),
      build: (values) => deleteStatement(transaction, values),
      expected: batch,
      keys: queued,
    };
  }
}
