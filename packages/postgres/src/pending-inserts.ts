import type { TenantId } from '@strongroom/kernel';
import type { Kysely } from 'kysely';
import { type BatchMismatch, firstBatchMismatch, type StatementRunner } from './batch-mismatch.js';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';

interface PendingInsert {
  readonly collection: string;
  readonly id: string;
  readonly json: string;
}

/**
 * Inserts (`put` with expectedVersion 0) of one attempt, held back and sent as ONE multi-row
 * `INSERT … ON CONFLICT DO NOTHING` right before the attempt's next statement or its COMMIT.
 * A command typically inserts its change, an audit leaf and sometimes more new rows: this saves
 * a round trip per extra row, which is most of what an audit leaf would otherwise cost. The
 * answer is the same as inserting at once, only later: a row that already exists is a
 * `version_mismatch`; a concurrent insert of the same key is a serialization failure.
 */
export class PendingInserts {
  readonly #inserts = new Map<string, PendingInsert>();

  /** Whether an insert of this key is waiting. */
  has(collection: string, id: string): boolean {
    return this.#inserts.has(`${collection}\u0000${id}`);
  }

  /** Drops a queued insert (the transaction deleted the row it was about to create). */
  remove(collection: string, id: string): void {
    this.#inserts.delete(`${collection}\u0000${id}`);
  }

  /** Queues an insert; the key must not be queued already. */
  add(insert: PendingInsert): void {
    this.#inserts.set(`${insert.collection}\u0000${insert.id}`, insert);
  }

  /**
   * Sends every queued insert in one statement through `execute`, and returns the mismatch to
   * fail the attempt with when a row already existed (the first one, in queue order), else
   * undefined.
   */
  async flush(
    transaction: Kysely<StrongroomTables>,
    tenantId: TenantId,
    execute: StatementRunner,
  ): Promise<BatchMismatch | undefined> {
    if (this.#inserts.size === 0) return undefined;
    const batch = [...this.#inserts.values()];
    this.#inserts.clear();
    const inserted = await execute('records.put', () =>
      transaction
        .insertInto(RECORDS_TABLE)
        .values(
          batch.map(({ collection, id, json }) => ({
            tenant_id: tenantId,
            collection,
            id,
            data: json,
            version: 1n,
          })),
        )
        // Under SERIALIZABLE a concurrent, uncommitted or invisible insert of the same key raises
        // 40001 here instead of doing nothing, so "nothing" means the row is visible.
        .onConflict((conflict) => conflict.columns(['tenant_id', 'collection', 'id']).doNothing())
        .returning(['collection', 'id'])
        .execute(),
    );
    const expected = batch.map(({ collection, id }) => ({ collection, id, expectedVersion: 0 }));
    return firstBatchMismatch(expected, inserted, { transaction, tenantId, execute });
  }
}
