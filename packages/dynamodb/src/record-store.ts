import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  assert,
  COLLECTION_NAME_PATTERN,
  type Cursor,
  decodeCursor,
  encodeCursor,
  type JsonObject,
  PAGE_LIMIT_MAX,
  type Page,
  type PageRequest,
  type RecordDelete,
  type RecordReadOptions,
  type RecordStore,
  type RecordWrite,
  type StoredRecord,
} from '@strongroom/kernel';
import {
  assertDeleteVersion,
  assertExpectedVersion,
  assertRecordKey,
  conflict,
  versionMismatch,
} from '@strongroom/kernel/adapter';
import { sendToDynamoDb } from './aws-failure.js';
import { batchGetItems } from './batch-get-items.js';
import { utf8ByteLength } from './dynamodb-limits.js';
import {
  keyAttributes,
  type ReadRecordState,
  type RecordState,
  readRecordItem,
  readSortKey,
} from './item-codec.js';
import { queryPartition } from './query-partition.js';
import { compareSortKeys } from './sort-key-order.js';
import { type ItemKey, itemKeyString, recordPartitionKey } from './table-layout.js';
import { sameState, type UnitOfWork } from './unit-of-work.js';

/**
 * The records of one tenant inside one attempt. Reads are strongly consistent and join the read
 * set; a record read once is served from the read set afterwards (repeatable reads); writes are
 * buffered and every read sees them.
 */
export class DynamoDbRecordStore implements RecordStore {
  readonly #unit: UnitOfWork;

  constructor(unit: UnitOfWork) {
    this.#unit = unit;
  }

  /** One record, or `undefined`. */
  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    this.#unit.assertOpen();
    assertRecordKey(collection, id);
    const key = this.#key(collection, id);
    return toStoredRecord(collection, id, this.#unit.visible(key) ?? (await this.#read(key)));
  }

  /**
   * Several records in the order asked; unknown ones come from one batched read. A locking read
   * (`lock: true`, a read for update) of records this attempt had not read also re-checks its
   * earlier reads: another commit may have landed between them, and a function must not decide
   * on a mix of two states (a hold read as pending beside accounts whose hold is already
   * released). Any change is a conflict, so the attempt runs again on one state.
   */
  async getMany(
    collection: string,
    ids: readonly string[],
    options?: RecordReadOptions,
  ): Promise<(StoredRecord | undefined)[]> {
    this.#unit.assertOpen();
    for (const id of ids) assertRecordKey(collection, id);
    const unknown = new Map<string, ItemKey>();
    for (const id of ids) {
      const key = this.#key(collection, id);
      if (this.#unit.visible(key) === undefined) unknown.set(itemKeyString(key), key);
    }
    if (unknown.size > 0) {
      const found = await batchGetItems(this.#unit.table, [...unknown.values()]);
      for (const [name, key] of unknown) this.#unit.remember(key, readRecordItem(found.get(name)));
      if (options?.lock === true)
        await this.#conflictIfEarlierReadsChanged(new Set(unknown.keys()));
    }
    return ids.map((id) => {
      const state = this.#unit.visible(this.#key(collection, id));
      assert(state !== undefined, 'getMany read every record it did not know');
      return toStoredRecord(collection, id, state);
    });
  }

  /**
   * Buffers an insert or replacement. A record this attempt has not read yet is read first, so a
   * wrong `expectedVersion` is reported as a version mismatch at once instead of as a conflict.
   */
  async put(write: RecordWrite): Promise<StoredRecord> {
    this.#unit.assertOpen();
    assertRecordKey(write.collection, write.id);
    assertExpectedVersion(write.expectedVersion);
    assert(
      typeof write.data === 'object' && write.data !== null && !Array.isArray(write.data),
      'a record body is a JSON object',
    );
    const key = this.#key(write.collection, write.id);
    const known = this.#unit.visible(key);
    const actualVersion = versionOf(known ?? (await this.#read(key)));
    if (write.expectedVersion !== actualVersion) {
      if (known === undefined)
        await this.#conflictIfEarlierReadsChanged(new Set([itemKeyString(key)]));
      throw versionMismatch(write.collection, write.id, write.expectedVersion, actualVersion);
    }
    const json = JSON.stringify(write.data);
    const version = actualVersion + 1;
    this.#unit.stage({ kind: 'put', key, version, json }, utf8ByteLength(json));
    return { collection: write.collection, id: write.id, data: parseBody(json), version };
  }

  /** Buffers a delete of an existing record at its current version. */
  async delete(target: RecordDelete): Promise<void> {
    this.#unit.assertOpen();
    assertRecordKey(target.collection, target.id);
    assertDeleteVersion(target.expectedVersion);
    const key = this.#key(target.collection, target.id);
    const known = this.#unit.visible(key);
    const actualVersion = versionOf(known ?? (await this.#read(key)));
    if (actualVersion === 0 || target.expectedVersion !== actualVersion) {
      if (known === undefined)
        await this.#conflictIfEarlierReadsChanged(new Set([itemKeyString(key)]));
      throw versionMismatch(target.collection, target.id, target.expectedVersion, actualVersion);
    }
    this.#unit.stage({ kind: 'delete', key }, 0);
  }

  /**
   * One page of a collection in ascending id order, merged with this attempt's buffered writes.
   * Every record listed joins the read set. The listing is checked against earlier reads: a record
   * that changed, appeared or vanished since this attempt read it means a concurrent commit, so
   * the attempt stops with a conflict rather than show two states at once.
   */
  async list(collection: string, page: PageRequest): Promise<Page<StoredRecord>> {
    this.#unit.assertOpen();
    assert(COLLECTION_NAME_PATTERN.test(collection), 'collection names are 1-63 of [a-z0-9_.]');
    assertPageRequest(page);
    const partitionKey = recordPartitionKey(this.#unit.tenantId, collection);
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    const pending = new Map(
      this.#unit.pendingWritesIn(partitionKey).map((write) => [write.key.sk, write]),
    );
    const wanted = page.limit + 1;

    // Table records not overridden by a pending write, until there are enough for the page.
    const fetched = new Map<string, ReadRecordState>();
    const listed = new Map<string, RecordState>();
    let continueAfter = after;
    let reachedEnd = false;
    while (listed.size < wanted && !reachedEnd) {
      // Pending writes can hide at most `pending.size` of the records returned.
      const result = await queryPartition(this.#unit.table, partitionKey, {
        after: continueAfter,
        limit: wanted - listed.size + pending.size,
      });
      for (const item of result.items) {
        const sortKey = readSortKey(item);
        const key = { pk: partitionKey, sk: sortKey };
        const state = this.#unit.remember(key, readRecordItem(item));
        fetched.set(sortKey, state);
        if (!pending.has(sortKey) && state.exists) listed.set(sortKey, state);
      }
      reachedEnd = result.continueAfter === undefined;
      continueAfter = result.continueAfter ?? continueAfter;
    }
    this.#assertNothingVanished(
      partitionKey,
      after,
      reachedEnd ? undefined : continueAfter,
      fetched,
    );

    // When the table has more, pending puts beyond the last record read sort after `wanted`
    // listed records, so merging all of them cannot change which records make the page.
    const merged = new Map<string, RecordState>(listed);
    for (const [sortKey, write] of pending) {
      if (write.kind !== 'put') continue;
      if (after !== undefined && compareSortKeys(sortKey, after) <= 0) continue;
      merged.set(sortKey, { exists: true, version: write.version, json: write.json });
    }
    const ordered = [...merged.keys()].sort(compareSortKeys);
    const ids = ordered.slice(0, page.limit);
    const records = ids.map((id) => {
      const state = merged.get(id);
      assert(state?.exists === true, 'merged listing holds present records only');
      return toRecord(collection, id, state.version, state.json);
    });
    const last = ids.at(-1);
    const next: Cursor | null =
      ordered.length > page.limit && last !== undefined ? encodeCursor(last) : null;
    return { items: records, next };
  }

  // A record read as present earlier, inside the range the queries covered, must have been listed.
  #assertNothingVanished(
    partitionKey: string,
    after: string | undefined,
    coveredUpTo: string | undefined,
    fetched: ReadonlyMap<string, ReadRecordState>,
  ): void {
    for (const entry of this.#unit.readEntriesIn(partitionKey)) {
      if (!entry.state.exists || fetched.has(entry.key.sk)) continue;
      const sortKey = entry.key.sk;
      const afterStart = after === undefined || compareSortKeys(sortKey, after) > 0;
      const beforeEnd = coveredUpTo === undefined || compareSortKeys(sortKey, coveredUpTo) <= 0;
      if (afterStart && beforeEnd) throw conflict();
    }
  }

  #key(collection: string, id: string): ItemKey {
    return { pk: recordPartitionKey(this.#unit.tenantId, collection), sk: id };
  }

  /**
   * A record first read by a write is read now, later than the attempt's earlier reads: another
   * commit may have landed in between (say, the next statement line after an account this
   * attempt read at an older version). Its version then says nothing about what the caller saw,
   * and snapshot-reading adapters would report a conflict at commit. So when any earlier read
   * is no longer current, the attempt is a conflict (run again), not a version mismatch.
   */
  async #conflictIfEarlierReadsChanged(skipped: ReadonlySet<string>): Promise<void> {
    const earlier = this.#unit
      .readEntries()
      .filter((entry) => !skipped.has(itemKeyString(entry.key)));
    if (earlier.length === 0) return;
    const current = await batchGetItems(
      this.#unit.table,
      earlier.map((entry) => entry.key),
    );
    for (const entry of earlier) {
      const now = readRecordItem(current.get(itemKeyString(entry.key)));
      if (!sameState(entry.state, now)) throw conflict();
    }
  }

  async #read(key: ItemKey): Promise<ReadRecordState> {
    const output = await sendToDynamoDb('dynamodb.get_item', () =>
      this.#unit.table.client.send(
        new GetItemCommand({
          TableName: this.#unit.table.tableName,
          Key: keyAttributes(key),
          ConsistentRead: true,
        }),
      ),
    );
    return this.#unit.remember(key, readRecordItem(output.Item));
  }
}

function versionOf(state: RecordState): number {
  return state.exists ? state.version : 0;
}

function toStoredRecord(
  collection: string,
  id: string,
  state: RecordState,
): StoredRecord | undefined {
  return state.exists ? toRecord(collection, id, state.version, state.json) : undefined;
}

// Parsed afresh for every caller, so no caller can change another's copy or the buffered write.
function toRecord(collection: string, id: string, version: number, json: string): StoredRecord {
  return { collection, id, data: parseBody(json), version };
}

function parseBody(json: string): JsonObject {
  return JSON.parse(json) as JsonObject;
}

function assertPageRequest(page: PageRequest): void {
  assert(
    Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= PAGE_LIMIT_MAX,
    `a page holds 1 to ${PAGE_LIMIT_MAX} items`,
  );
}
