import type { TenantId } from '@strongroom/kernel';
import type { EventRow } from '@strongroom/kernel/adapter';
import type { Kysely } from 'kysely';
import type { ShapedStatement } from './compiled-shapes.js';
import { OUTBOX_TABLE, type StrongroomTables } from './schema.js';
import { readTenantRows, tenantRowValues } from './tenant-rows.js';

// What one held-back append binds, in statement order.
type AppendRow = readonly [
  id: string,
  type: string,
  schemaVersion: number,
  payload: string,
  occurredAt: string,
  correlationId: string | null,
  causationId: string | null,
  streamId: string | null,
  streamVersion: bigint | null,
  actor: string | null,
];
const APPEND_ROW_WIDTH = 10;

// The multi-row insert of the values `PendingOutbox.take` lays out.
function appendStatement(transaction: Kysely<StrongroomTables>, values: readonly unknown[]) {
  const { tenantId, rows } = readTenantRows<AppendRow>(values, APPEND_ROW_WIDTH);
  return transaction.insertInto(OUTBOX_TABLE).values(
    rows.map(
      ([
        id,
        type,
        schemaVersion,
        payload,
        occurredAt,
        correlationId,
        causationId,
        streamId,
        streamVersion,
        actor,
      ]) => ({
        tenant_id: tenantId,
        id,
        type,
        schema_version: schemaVersion,
        payload,
        occurred_at: occurredAt,
        correlation_id: correlationId,
        causation_id: causationId,
        stream_id: streamId,
        stream_version: streamVersion,
        actor,
      }),
    ),
  );
}

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
  take(transaction: Kysely<StrongroomTables>, tenantId: TenantId): ShapedStatement | undefined {
    if (this.#rows.size === 0) return undefined;
    const rows = [...this.#rows.values()].map(
      (row): AppendRow => [
        row.id,
        row.type,
        row.schemaVersion,
        JSON.stringify(row.payload),
        row.occurredAt,
        row.correlationId,
        row.causationId,
        row.streamId,
        row.streamVersion === null ? null : BigInt(row.streamVersion),
        row.actor,
      ],
    );
    this.#rows.clear();
    return {
      shape: `append ${rows.length}`,
      values: tenantRowValues(tenantId, rows),
      build: (values) => appendStatement(transaction, values),
    };
  }
}
