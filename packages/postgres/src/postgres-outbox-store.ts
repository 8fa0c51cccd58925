import {
  assert,
  decodeCursor,
  type EventEnvelope,
  encodeCursor,
  type OutboxStore,
  type Page,
  type PageRequest,
} from '@strongroom/kernel';
import { eventRowByteLength, fromEventRow, toEventRow } from '@strongroom/kernel/adapter';
import { sql } from 'kysely';
import type { AttemptContext } from './attempt-context.js';
import { assertPageRequest } from './postgres-record-store.js';
import { OUTBOX_TABLE } from './schema.js';
import { versionFromInt8 } from './type-parsers.js';

/**
 * The outbox of one tenant in one attempt, as rows of `strongroom_outbox`. Appends are held back
 * and sent with the attempt's other writes (see `PendingOutbox`); removals are statements of the
 * attempt's transaction. Both commit or roll back with it, and its own listings see them.
 */
export class PostgresOutboxStore implements OutboxStore {
  readonly #context: AttemptContext;
  // Ids this attempt removed: appending one again would reuse an acknowledged event's id.
  readonly #removed = new Set<string>();

  constructor(context: AttemptContext) {
    this.#context = context;
  }

  /** {@inheritDoc OutboxStore.append} */
  async append(events: readonly EventEnvelope[]): Promise<void> {
    const { tenantId, budget, pendingOutbox } = this.#context;
    const rows = events.map((event) => toEventRow(tenantId, event));
    const ids = new Set<string>();
    for (const row of rows) {
      assert(!this.#removed.has(row.id), 'an event removed from the outbox is not appended again');
      assert(
        !pendingOutbox.has(row.id) && !ids.has(row.id),
        'an event id is appended to the outbox once',
      );
      ids.add(row.id);
    }
    for (const row of rows) budget.charge(`o:${row.id}`, eventRowByteLength(row));
    // Sent with the attempt's other held-back writes; an id already committed is refused then.
    pendingOutbox.add(rows);
  }

  /**
   * {@inheritDoc OutboxStore.remove}
   *
   * An event this attempt appended and has not sent yet is dropped from the queue; the others go
   * in one `DELETE` under row-level security. At SERIALIZABLE two attempts deleting one row
   * conflict and the later runs again, finding nothing; at READ COMMITTED it waits and deletes
   * nothing.
   */
  async remove(ids: readonly string[]): Promise<void> {
    const { transaction, tenantId, budget, pendingOutbox } = this.#context;
    // The row an append of the id writes: appending and removing it count once.
    for (const id of ids) budget.charge(`o:${id}`, 0);
    for (const id of ids) this.#removed.add(id);
    const sent = [...new Set(ids)].filter((id) => {
      if (!pendingOutbox.has(id)) return true;
      pendingOutbox.remove(id);
      return false;
    });
    if (sent.length === 0) return;
    await this.#context.run('outbox.remove', () =>
      transaction
        .deleteFrom(OUTBOX_TABLE)
        .where('tenant_id', '=', tenantId)
        .where(sql<boolean>`id = any(${sent}::text[])`)
        .execute(),
    );
  }

  /** {@inheritDoc OutboxStore.list} */
  async list(page: PageRequest): Promise<Page<EventEnvelope>> {
    assertPageRequest(page);
    const { transaction, tenantId } = this.#context;
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    const rows = await this.#context.run('outbox.list', () => {
      let query = transaction
        .selectFrom(OUTBOX_TABLE)
        .where('tenant_id', '=', tenantId)
        // Named columns, not `*`: a statement prepared on a connection must keep its result's
        // shape, which a column added by a later migration would change.
        .select([
          'id',
          'type',
          'schema_version',
          'payload',
          'occurred_at',
          'correlation_id',
          'causation_id',
          'stream_id',
          'stream_version',
          'actor',
        ]);
      if (after !== undefined) query = query.where('id', '>', after);
      return query
        .orderBy('id')
        .limit(page.limit + 1)
        .execute();
    });
    const items = rows.slice(0, page.limit).map((row) =>
      fromEventRow(tenantId, {
        id: row.id,
        type: row.type,
        schemaVersion: row.schema_version,
        payload: row.payload,
        occurredAt: row.occurred_at.toISOString(),
        correlationId: row.correlation_id,
        causationId: row.causation_id,
        streamId: row.stream_id,
        streamVersion: row.stream_version === null ? null : versionFromInt8(row.stream_version),
        actor: row.actor,
      }),
    );
    const last = items.at(-1);
    return {
      items,
      next: rows.length > page.limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }
}
