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
import { eventRowByteLength, fromEventRow, toEventRow } from '@strongroom/kernel/adapter';
import { readData, readSortKey } from './item-codec.js';
import { queryPartition } from './query-partition.js';
import { compareSortKeys } from './sort-key-order.js';
import { type ItemKey, outboxPartitionKey } from './table-layout.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * The outbox of one tenant inside one attempt. Appends are buffered and committed with the
 * records, each conditional on its id being new; removals are unconditional deletes in the same
 * commit; listings merge both in. Committed events change only by removal, which a relay
 * tolerates (it publishes at least once), so listing them adds nothing to the read set.
 */
export class DynamoDbOutboxStore implements OutboxStore {
  readonly #unit: UnitOfWork;
  // Ids this attempt removed, including appends it dropped again, which no longer show as writes.
  readonly #removed = new Set<string>();

  constructor(unit: UnitOfWork) {
    this.#unit = unit;
  }

  /** Buffers events; an id appended twice, or appended after its removal, is a programmer error. */
  async append(events: readonly EventEnvelope[]): Promise<void> {
    this.#unit.assertOpen();
    for (const event of events) {
      const row = toEventRow(this.#unit.tenantId, event);
      const key = this.#key(row.id);
      assert(!this.#unit.writes(key), 'outbox event ids are unique');
      assert(!this.#removed.has(row.id), 'an event removed from the outbox is not appended again');
      this.#unit.stage({ kind: 'append', key, json: JSON.stringify(row) }, eventRowByteLength(row));
    }
  }

  /**
   * Buffers deletes of events. One appended in this attempt is dropped instead (there is nothing
   * to delete). An id no event can have (empty, or longer than any append accepts) is not in the
   * outbox, so it is ignored before it reaches DynamoDB, which would refuse it as a key.
   */
  async remove(ids: readonly string[]): Promise<void> {
    this.#unit.assertOpen();
    for (const id of ids) {
      if (id.length === 0 || id.length > RECORD_ID_MAX_LENGTH || this.#removed.has(id)) continue;
      const key = this.#key(id);
      // Not removed yet, so a write of this key is an append.
      if (this.#unit.writes(key)) this.#unit.unstage(key);
      else this.#unit.stage({ kind: 'remove', key }, 0);
      this.#removed.add(id);
    }
  }

  /** Events in ascending id order, this attempt's own appends in and its removals out. */
  async list(page: PageRequest): Promise<Page<EventEnvelope>> {
    this.#unit.assertOpen();
    assert(
      Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= PAGE_LIMIT_MAX,
      `a page holds 1 to ${PAGE_LIMIT_MAX} items`,
    );
    const partitionKey = outboxPartitionKey(this.#unit.tenantId);
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    const pending = this.#unit.pendingWritesIn(partitionKey);
    const removed = new Set(
      pending.filter((write) => write.kind === 'remove').map((write) => write.key.sk),
    );
    const wanted = page.limit + 1;
    const rows = new Map<string, string>();
    let continueAfter = after;
    let reachedEnd = false;
    while (rows.size < wanted && !reachedEnd) {
      // Removals can hide at most `removed.size` of the events returned.
      const result = await queryPartition(this.#unit.table, partitionKey, {
        after: continueAfter,
        limit: wanted - rows.size + removed.size,
      });
      for (const item of result.items) {
        const sortKey = readSortKey(item);
        if (!removed.has(sortKey)) rows.set(sortKey, readData(item));
      }
      reachedEnd = result.continueAfter === undefined;
      continueAfter = result.continueAfter ?? continueAfter;
    }
    // Buffered events beyond the last one read sort after `wanted` committed ones: harmless.
    for (const write of pending) {
      if (write.kind !== 'append') continue;
      if (after !== undefined && compareSortKeys(write.key.sk, after) <= 0) continue;
      rows.set(write.key.sk, write.json);
    }
    const ordered = [...rows.keys()].sort(compareSortKeys);
    const ids = ordered.slice(0, page.limit);
    const items = ids.map((id) =>
      // Rows stored before the stream and actor fields existed lack them; they read as null.
      fromEventRow(
        this.#unit.tenantId,
        JSON.parse(rows.get(id) ?? '') as Parameters<typeof fromEventRow>[1],
      ),
    );
    const last = ids.at(-1);
    const next: Cursor | null =
      ordered.length > page.limit && last !== undefined ? encodeCursor(last) : null;
    return { items, next };
  }

  #key(id: string): ItemKey {
    return { pk: outboxPartitionKey(this.#unit.tenantId), sk: id };
  }
}
