import {
  assert,
  COLLECTION_NAME_PATTERN,
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
  versionMismatch,
} from '@strongroom/kernel/adapter';
import type { AttemptContext } from './attempt-context.js';
import { RECORDS_TABLE } from './schema.js';
import { versionFromInt8 } from './type-parsers.js';

const encoder = new TextEncoder();

/** The write-budget key of a record; collection names cannot contain `:`. */
function budgetKey(collection: string, id: string): string {
  return `r:${collection}:${id}`;
}

/** Checks a page request; requests come from domain code, so a bad one is a programmer error. */
export function assertPageRequest(page: PageRequest): void {
  assert(
    Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= PAGE_LIMIT_MAX,
    `page limits are integers from 1 to ${PAGE_LIMIT_MAX}`,
  );
}

/**
 * The records of one tenant in one attempt, as rows of `strongroom_records`. Every statement
 * names the tenant explicitly as well: row-level security is the guarantee, the filter keeps the
 * primary key usable and keeps a connection that bypasses RLS (`role: null` as an owner) correct.
 */
export class PostgresRecordStore implements RecordStore {
  readonly #context: AttemptContext;

  constructor(context: AttemptContext) {
    this.#context = context;
  }

  /** {@inheritDoc RecordStore.get} */
  async get(collection: string, id: string): Promise<StoredRecord | undefined> {
    assertRecordKey(collection, id);
    if (this.#context.lockedRows.holds(collection, id)) return this.#held(collection, id);
    // A read of one id, so that it shares a statement with the reads of its tick.
    const [row] = await this.#context.readByIds({ collection, ids: [id], lock: false });
    return row === undefined ? undefined : toRecord(collection, row);
  }

  /** {@inheritDoc RecordStore.getMany} */
  async getMany(
    collection: string,
    ids: readonly string[],
    options: RecordReadOptions = {},
  ): Promise<(StoredRecord | undefined)[]> {
    for (const id of ids) assertRecordKey(collection, id);
    if (ids.length === 0) return [];
    const { lockedRows } = this.#context;
    const unheld = [...new Set(ids)].filter((id) => !lockedRows.holds(collection, id));
    const fetched =
      unheld.length === 0 ? [] : await this.#fetch(collection, unheld, options.lock === true);
    const byId = new Map(fetched.map((record) => [record.id, record]));
    return ids.map((id) => byId.get(id) ?? this.#held(collection, id));
  }

  // A record the attempt holds locked, answered without a statement (undefined when it holds
  // none). After a failed statement it answers nothing more, as every statement does.
  #held(collection: string, id: string): StoredRecord | undefined {
    const { failure, lockedRows } = this.#context;
    if (failure !== undefined) throw failure;
    return lockedRows.read(collection, id);
  }

  // Reads `ids` (distinct) from the database; with `lock`, locks them and holds what it found,
  // and the ids it found no row for as absent.
  async #fetch(collection: string, ids: readonly string[], lock: boolean): Promise<StoredRecord[]> {
    const rows = await this.#context.readByIds({ collection, ids, lock });
    const records = rows.map((row) => toRecord(collection, row));
    if (!lock) return records;
    const { lockedRows } = this.#context;
    for (const record of records) lockedRows.locked(record);
    const found = new Set(records.map((record) => record.id));
    for (const id of ids) if (!found.has(id)) lockedRows.absent(collection, id);
    return records;
  }

  /** {@inheritDoc RecordStore.put} */
  async put(write: RecordWrite): Promise<StoredRecord> {
    const { collection, id, expectedVersion } = write;
    assertRecordKey(collection, id);
    assertExpectedVersion(expectedVersion);
    const json = JSON.stringify(write.data);
    this.#context.budget.charge(budgetKey(collection, id), encoder.encode(json).byteLength);
    const data = JSON.parse(json) as JsonObject;
    if (expectedVersion === 0) {
      const { pendingInserts } = this.#context;
      // The transaction already holds an insert of this key: it sees that row.
      const inserted = pendingInserts.version(collection, id);
      if (inserted !== undefined) throw versionMismatch(collection, id, 0, inserted);
      pendingInserts.add({ collection, id, json });
      this.#context.lockedRows.written(write, json, 1);
      return { collection, id, data, version: 1 };
    }
    const version = this.#holdUpdate(collection, id, json, expectedVersion);
    this.#context.lockedRows.written(write, json, version);
    return { collection, id, data, version };
  }

  // Holds an update back until the next statement or COMMIT and returns the version it gives the
  // row. A row the attempt itself holds an insert, a delete or an update of is at a version the
  // attempt knows: a put expecting another one gets at once the answer the database would give
  // once sent what is held back (`AttemptContext.mismatch`, as for a row the database holds), and
  // one expecting it is folded into the held-back write, saving a statement.
  #holdUpdate(collection: string, id: string, json: string, expectedVersion: number): number {
    const { pendingInserts, pendingDeletes, pendingUpdates } = this.#context;
    // Created by this attempt, perhaps after it deleted the row the database holds.
    const inserted = pendingInserts.version(collection, id);
    if (inserted !== undefined) {
      if (expectedVersion !== inserted)
        throw this.#context.mismatch(collection, id, expectedVersion, inserted);
      return pendingInserts.rewrite(collection, id, json);
    }
    if (pendingDeletes.has(collection, id))
      throw this.#context.mismatch(collection, id, expectedVersion, 0);
    const updated = pendingUpdates.version(collection, id);
    if (updated !== undefined && expectedVersion !== updated)
      throw this.#context.mismatch(collection, id, expectedVersion, updated);
    return pendingUpdates.add({ collection, id, json, expectedVersion });
  }

  /** {@inheritDoc RecordStore.delete} */
  async delete(target: RecordDelete): Promise<void> {
    const { collection, id, expectedVersion } = target;
    assertRecordKey(collection, id);
    assertDeleteVersion(expectedVersion);
    this.#context.budget.charge(budgetKey(collection, id), 0);
    const { pendingInserts, pendingDeletes, lockedRows } = this.#context;
    lockedRows.forget(collection, id);
    const inserted = pendingInserts.version(collection, id);
    if (inserted !== undefined) {
      // The attempt created this row itself and has not sent it yet: it sees that version.
      if (expectedVersion !== inserted)
        throw versionMismatch(collection, id, expectedVersion, inserted);
      pendingInserts.remove(collection, id);
      return;
    }
    // Already deleted by this attempt: it sees no row.
    if (pendingDeletes.has(collection, id))
      throw versionMismatch(collection, id, expectedVersion, 0);
    // A held-back update of the row is sent before the delete (`AttemptContext.flush`), which
    // then finds the row at the version the update gave it, as if both had been sent at once.
    pendingDeletes.add({ collection, id, expectedVersion });
  }

  /** {@inheritDoc RecordStore.list} */
  async list(collection: string, page: PageRequest): Promise<Page<StoredRecord>> {
    assert(COLLECTION_NAME_PATTERN.test(collection), 'collection names are 1-63 of [a-z0-9_.]');
    assertPageRequest(page);
    const after = page.after === undefined ? undefined : decodeCursor(page.after);
    // One row more than asked tells whether another page follows without a count.
    const rows = await this.#context.read('records.list', { collection }, () => {
      let query = this.#rows(collection).select(['id', 'data', 'version']);
      if (after !== undefined) query = query.where('id', '>', after);
      return query
        .orderBy('id')
        .limit(page.limit + 1)
        .execute();
    });
    const items = rows.slice(0, page.limit).map((row) => toRecord(collection, row));
    const last = items.at(-1);
    return {
      items,
      next: rows.length > page.limit && last !== undefined ? encodeCursor(last.id) : null,
    };
  }

  #rows(collection: string) {
    const { transaction, tenantId } = this.#context;
    return transaction
      .selectFrom(RECORDS_TABLE)
      .where('tenant_id', '=', tenantId)
      .where('collection', '=', collection);
  }
}

function toRecord(
  collection: string,
  row: { id: string; data: JsonObject; version: bigint },
): StoredRecord {
  return { collection, id: row.id, data: row.data, version: versionFromInt8(row.version) };
}
