import {
  assert,
  decodeCursor,
  type EventEnvelope,
  encodeCursor,
  jsonByteLength,
  type OutboxStore,
  type Page,
  type PageRequest,
  type RecordDelete,
  type RecordStore,
  type RecordWrite,
  type StorageLimits,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';
import {
  assertDeleteVersion,
  assertExpectedVersion,
  assertRecordKey,
  conflict,
  type EventRow,
  eventRowByteLength,
  fromEventRow,
  toEventRow,
  versionMismatch,
  WriteBudget,
} from '@strongroom/kernel/adapter';
import { type CommittedRecord, compareIds, recordKey, type TenantState } from './tenant-state.js';

/**
 * One attempt of one transaction on a {@link TenantState}, with snapshot reads and optimistic
 * validation: it reads the state as of the commit it began at, fails with a conflict as soon as it
 * meets anything written after that, buffers its writes, and applies them in one synchronous step
 * at commit after checking nothing it read (or listed) has changed since.
 */
export class MemoryTransaction {
  readonly records: RecordStore;
  readonly outbox: OutboxStore;
  readonly #state: TenantState;
  readonly #tenantId: TenantId;
  readonly #snapshot: number;
  readonly #budget: WriteBudget;
  readonly #readKeys = new Set<string>();
  readonly #listedCollections = new Set<string>();
  #outboxListed = false;
  readonly #writes = new Map<string, CommittedRecord>();
  readonly #events = new Map<string, EventRow>();
  // Ids this transaction removed from the outbox, appended here or not.
  readonly #removedEvents = new Set<string>();

  constructor(state: TenantState, tenantId: TenantId, limits: StorageLimits) {
    this.#state = state;
    this.#tenantId = tenantId;
    this.#snapshot = state.sequence;
    this.#budget = new WriteBudget(limits);
    this.records = {
      get: async (collection, id) => this.#get(collection, id),
      getMany: async (collection, ids) => ids.map((id) => this.#get(collection, id)),
      put: async (write) => this.#put(write),
      delete: async (target) => this.#delete(target),
      list: async (collection, page) => this.#list(collection, page),
    };
    this.outbox = {
      append: async (events) => this.#append(events),
      list: async (page) => this.#listOutbox(page),
      remove: async (ids) => this.#removeEvents(ids),
    };
  }

  /** Validates the reads and applies the writes atomically (no await between check and apply). */
  commit(): void {
    for (const key of this.#readKeys)
      this.#assertUnchanged(this.#state.records.get(key)?.writtenAt);
    for (const collection of this.#listedCollections) {
      this.#assertUnchanged(this.#state.collectionWrittenAt.get(collection));
    }
    if (this.#outboxListed) this.#assertUnchanged(this.#state.outboxWrittenAt);
    if (this.#writes.size === 0 && this.#events.size === 0 && this.#removedEvents.size === 0) {
      return;
    }
    for (const id of this.#events.keys())
      assert(!this.#state.outbox.has(id), 'outbox event ids are unique');
    const sequence = this.#state.sequence + 1;
    for (const record of this.#writes.values()) {
      this.#state.store({ ...record, writtenAt: sequence });
      this.#state.collectionWrittenAt.set(record.collection, sequence);
    }
    // Removing an id that is not there changes nothing, so it invalidates no one's listing.
    let outboxChanged = this.#events.size > 0;
    for (const id of this.#removedEvents) {
      if (this.#state.outbox.delete(id)) outboxChanged = true;
    }
    for (const [id, row] of this.#events) this.#state.outbox.set(id, row);
    if (outboxChanged) this.#state.outboxWrittenAt = sequence;
    this.#state.sequence = sequence;
  }

  #assertUnchanged(writtenAt: number | undefined): void {
    if (writtenAt !== undefined && writtenAt > this.#snapshot) throw conflict();
  }

  // The record as this transaction sees it: its own write, else the snapshot.
  #visible(collection: string, id: string): CommittedRecord | undefined {
    const key = recordKey(collection, id);
    const written = this.#writes.get(key);
    if (written !== undefined) return written;
    const committed = this.#state.records.get(key);
    this.#assertUnchanged(committed?.writtenAt);
    this.#readKeys.add(key);
    return committed;
  }

  #get(collection: string, id: string): StoredRecord | undefined {
    assertRecordKey(collection, id);
    return toStoredRecord(this.#visible(collection, id));
  }

  #put(write: RecordWrite): StoredRecord {
    assertRecordKey(write.collection, write.id);
    assertExpectedVersion(write.expectedVersion);
    const actualVersion = this.#visible(write.collection, write.id)?.version ?? 0;
    if (actualVersion !== write.expectedVersion) {
      throw versionMismatch(write.collection, write.id, write.expectedVersion, actualVersion);
    }
    const key = recordKey(write.collection, write.id);
    this.#budget.charge(`r:${key}`, jsonByteLength(write.data));
    const record: CommittedRecord = {
      collection: write.collection,
      id: write.id,
      data: structuredClone(write.data),
      version: write.expectedVersion + 1,
      writtenAt: Number.POSITIVE_INFINITY,
    };
    this.#writes.set(key, record);
    return {
      collection: record.collection,
      id: record.id,
      data: structuredClone(record.data),
      version: record.version,
    };
  }

  #delete(target: RecordDelete): void {
    assertRecordKey(target.collection, target.id);
    assertDeleteVersion(target.expectedVersion);
    const actualVersion = this.#visible(target.collection, target.id)?.version ?? 0;
    if (actualVersion === 0 || actualVersion !== target.expectedVersion) {
      throw versionMismatch(target.collection, target.id, target.expectedVersion, actualVersion);
    }
    const key = recordKey(target.collection, target.id);
    this.#budget.charge(`r:${key}`, 0);
    this.#writes.set(key, { ...target, data: {}, version: 0, writtenAt: Number.POSITIVE_INFINITY });
  }

  #list(collection: string, page: PageRequest): Page<StoredRecord> {
    this.#assertUnchanged(this.#state.collectionWrittenAt.get(collection));
    this.#listedCollections.add(collection);
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    const own = [...this.#writes.values()].filter(
      (record) => record.collection === collection && (after === undefined || record.id > after),
    );
    // Enough committed candidates that the transaction's own writes (at most `own.length` of
    // them hide or replace one) cannot leave the page short.
    const ids = this.#state.sortedIds(collection);
    const candidates = new Map<string, CommittedRecord>();
    for (let position = firstAfter(ids, after); position < ids.length; position += 1) {
      if (candidates.size > page.limit + own.length) break;
      const record = this.#state.records.get(recordKey(collection, ids[position] as string));
      if (record !== undefined && record.version > 0) candidates.set(record.id, record);
    }
    for (const record of own) candidates.set(record.id, record);
    const live = [...candidates.values()].filter((record) => record.version > 0);
    return paginate(live, page, toStoredRecordStrict);
  }

  #append(events: readonly EventEnvelope[]): void {
    for (const event of events) {
      const row = toEventRow(this.#tenantId, event);
      assert(!this.#events.has(row.id), 'outbox event ids are unique');
      assert(
        !this.#removedEvents.has(row.id),
        'an event removed from the outbox is not appended again',
      );
      this.#budget.charge(`o:${row.id}`, eventRowByteLength(row));
      this.#events.set(row.id, structuredClone(row));
    }
  }

  // A blind delete, applied at commit to whatever is there then: like a record write it needs no
  // read, and ids that are not in the outbox are simply not there afterwards either.
  #removeEvents(ids: readonly string[]): void {
    for (const id of ids) {
      // The item an append of this id would write: an append and a remove of it count once.
      this.#budget.charge(`o:${id}`, 0);
      this.#events.delete(id);
      this.#removedEvents.add(id);
    }
  }

  #listOutbox(page: PageRequest): Page<EventEnvelope> {
    this.#assertUnchanged(this.#state.outboxWrittenAt);
    this.#outboxListed = true;
    const committed = [...this.#state.outbox.values()].filter(
      (row) => !this.#removedEvents.has(row.id),
    );
    const rows = [...committed, ...this.#events.values()];
    return paginate(rows, page, (row) => fromEventRow(this.#tenantId, structuredClone(row)));
  }
}

function toStoredRecord(record: CommittedRecord | undefined): StoredRecord | undefined {
  if (record === undefined || record.version === 0) return undefined;
  return toStoredRecordStrict(record);
}

function toStoredRecordStrict(record: CommittedRecord): StoredRecord {
  return {
    collection: record.collection,
    id: record.id,
    data: structuredClone(record.data),
    version: record.version,
  };
}

// The position of the first id after `after` in ascending `ids`.
function firstAfter(ids: readonly string[], after: string | undefined): number {
  if (after === undefined) return 0;
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((ids[middle] as string) <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

function paginate<Item extends { id: string }, Output>(
  items: Item[],
  page: PageRequest,
  map: (item: Item) => Output,
): Page<Output> {
  const after = page.after === undefined ? undefined : decodeCursor(page.after);
  const sorted = items
    .filter((item) => after === undefined || item.id > after)
    .sort((left, right) => compareIds(left.id, right.id));
  const slice = sorted.slice(0, page.limit);
  const last = slice.at(-1);
  const next = sorted.length > page.limit && last !== undefined ? encodeCursor(last.id) : null;
  return { items: slice.map(map), next };
}
