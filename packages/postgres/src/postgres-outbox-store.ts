import {
  AssertionFailure,
  decodeCursor,
  type EventEnvelope,
  encodeCursor,
  type OutboxStore,
  type Page,
  type PageRequest,
} from '@strongroom/kernel';
import {
  eventRowByteLength,
  fromEventRow,
  StorageFailure,
  toEventRow,
} from '@strongroom/kernel/adapter';
import type { AttemptContext } from './attempt-context.js';
import { assertPageRequest } from './postgres-record-store.js';
import { OUTBOX_TABLE } from './schema.js';

const UNIQUE_VIOLATION = '23505';

/** The outbox of one tenant in one attempt, as rows of `strongroom_outbox`. */
export class PostgresOutboxStore implements OutboxStore {
  readonly #context: AttemptContext;

  constructor(context: AttemptContext) {
    this.#context = context;
  }

  /** {@inheritDoc OutboxStore.append} */
  async append(events: readonly EventEnvelope[]): Promise<void> {
    const { transaction, tenantId, budget } = this.#context;
    const rows = events.map((event) => toEventRow(tenantId, event));
    for (const row of rows) budget.charge(`o:${row.id}`, eventRowByteLength(row));
    if (rows.length === 0) return;
    try {
      await this.#context.run('outbox.append', () =>
        transaction
          .insertInto(OUTBOX_TABLE)
          .values(
            rows.map((row) => ({
              tenant_id: tenantId,
              id: row.id,
              type: row.type,
              schema_version: row.schemaVersion,
              payload: JSON.stringify(row.payload),
              occurred_at: row.occurredAt,
              correlation_id: row.correlationId,
              causation_id: row.causationId,
            })),
          )
          .execute(),
      );
    } catch (thrown) {
      // Event ids are fresh TypeIDs: a duplicate is a bug in the caller, not an operating error.
      if (
        thrown instanceof StorageFailure &&
        thrown.error.type === 'infrastructure' &&
        thrown.error.code === UNIQUE_VIOLATION
      ) {
        throw new AssertionFailure('an event id is appended to the outbox once');
      }
      throw thrown;
    }
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
        .selectAll();
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
      }),
    );
    const last = items.at(-1);
    return {
      items,
      next: rows.length > page.limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }
}
