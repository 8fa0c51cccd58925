import type { TenantId } from '@strongroom/kernel';
import type { EventRow } from '@strongroom/kernel/adapter';
import type { Kysely } from 'kysely';
import { OUTBOX_TABLE, type StrongroomTables } from './schema.js';

/**
 * Outbox appends of one attempt, held back and sent as ONE multi-row `INSERT` with the attempt's
 * other held-back writes, right before its next statement or its COMMIT: a command's change, its
 * audit leaf and its events then reach the database in one round trip instead of three. An event
 * removed again before it was sent is simply dropped.
 */
export class PendingOutbox {
  readonly #rows = new Map<string, EventRow>();

  /** How many appends wait. */
  get size(): number {
    return this.#rows.size;
  }

  /** Whether an append of this event id waits. */
  has(id: string): boolean {
    return this.#rows.has(id);
  }

  /** Queues appends; their ids must not be queued already (the caller checks). */
  add(rows: readonly EventRow[]): void {
    for (const row of rows) this.#rows.set(row.id, row);
  }

  /** Drops a queued append (the attempt removed the event before it was sent). */
  remove(id: string): void {
    this.#rows.delete(id);
  }

  /** The `INSERT` of every queued append, emptying the queue; undefined when none waits. */
  take(transaction: Kysely<StrongroomTables>, tenantId: TenantId) {
    if (this.#rows.size === 0) return undefined;
    const rows = [...this.#rows.values()];
    this.#rows.clear();
    return transaction.insertInto(OUTBOX_TABLE).values(
      rows.map((row) => ({
        tenant_id: tenantId,
        id: row.id,
        type: row.type,
        schema_version: row.schemaVersion,
        payload: JSON.stringify(row.payload),
        occurred_at: row.occurredAt,
        correlation_id: row.correlationId,
        causation_id: row.causationId,
        stream_id: row.streamId,
        stream_version: row.streamVersion === null ? null : BigInt(row.streamVersion),
        actor: row.actor,
      })),
    );
  }
}
