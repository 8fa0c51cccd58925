import {
  assert,
  type Cursor,
  decodeCursor,
  type EventEnvelope,
  encodeCursor,
  type OutboxStore,
  PAGE_LIMIT_MAX,
  type Page,
  type PageRequest,
  RECORD_ID_MAX_LENGTH,
} from '@strongroom/kernel';
import {
  type EventRow,
  eventRowByteLength,
  fromEventRow,
  toEventRow,
} from '@strongroom/kernel/adapter';
import { readData, readSortKey } from './item-codec.js';
import { queryPartition } from './query-partition.js';
import { compareSortKeys } from './sort-key-order.js';
import { outboxPartitionKey } from './table-layout.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * The outbox of one tenant inside one attempt. Appends are buffered and committed with the
 * records, each conditional on its id being new; listings merge the buffered events in. Committed
 * events never change, so listing them adds nothing to the read set.
 */
export class DynamoDbOutboxStore implements OutboxStore {
  readonly #unit: UnitOfWork;

  constructor(unit: UnitOfWork) {
    this.#unit = unit;
  }

  /** Buffers events; an id appended twice is a programmer error. */
  async append(events: readonly EventEnvelope[]): Promise<void> {
    this.#unit.assertOpen();
    for (const event of events) {
      const row = toEventRow(this.#unit.tenantId, event);
      assert(
        row.id.length > 0 && row.id.length <= RECORD_ID_MAX_LENGTH,
        `event ids are 1-${RECORD_ID_MAX_LENGTH} characters`,
      );
      const key = { pk: outboxPartitionKey(this.#unit.tenantId), sk: row.id };
      assert(!this.#unit.writes(key), 'outbox event ids are unique');
      this.#unit.stage({ kind: 'append', key, json: JSON.stringify(row) }, eventRowByteLength(row));
    }
  }

  /** Events in ascending id order, this attempt's own included. */
  async list(page: PageRequest): Promise<Page<EventEnvelope>> {
    this.#unit.assertOpen();
    assert(
      Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= PAGE_LIMIT_MAX,
      `a page holds 1 to ${PAGE_LIMIT_MAX} items`,
    );
    const partitionKey = outboxPartitionKey(this.#unit.tenantId);
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    const wanted = page.limit + 1;
    const rows = new Map<string, string>();
    let continueAfter = after;
    let reachedEnd = false;
    while (rows.size < wanted && !reachedEnd) {
      const result = await queryPartition(this.#unit.table, partitionKey, {
        after: continueAfter,
        limit: wanted - rows.size,
      });
      for (const item of result.items) rows.set(readSortKey(item), readData(item));
      reachedEnd = result.continueAfter === undefined;
      continueAfter = result.continueAfter ?? continueAfter;
    }
    // Buffered events beyond the last one read sort after `wanted` committed ones: harmless.
    for (const write of this.#unit.pendingWritesIn(partitionKey)) {
      if (write.kind !== 'append') continue;
      if (after !== undefined && compareSortKeys(write.key.sk, after) <= 0) continue;
      rows.set(write.key.sk, write.json);
    }
    const ordered = [...rows.keys()].sort(compareSortKeys);
    const ids = ordered.slice(0, page.limit);
    const items = ids.map((id) =>
      fromEventRow(this.#unit.tenantId, JSON.parse(rows.get(id) ?? '') as EventRow),
    );
    const last = ids.at(-1);
    const next: Cursor | null =
      ordered.length > page.limit && last !== undefined ? encodeCursor(last) : null;
    return { items, next };
  }
}
