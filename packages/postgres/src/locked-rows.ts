import type { JsonObject, StoredRecord } from '@strongroom/kernel';
import { pendingKey } from './pending-keys.js';

interface LockedRow {
  /** The row's data as this attempt sees it, as JSON: every read gets its own copy. */
  readonly json: string;
  readonly version: number;
}

/**
 * The rows one attempt holds a row lock on (read with `lock: true`), at the data and version the
 * attempt sees: what the lock returned, then its own writes. No other transaction can change or
 * delete a locked row before this one ends, and every write of the attempt goes through its
 * record store, which reports it here; so a later read of a locked row (a stream head read again
 * before its append, an account a batch's next command locks again) is answered without a round
 * trip, and without first sending held-back writes of that row. A write this class cannot follow
 * (a put at another version, a delete, an insert of the key) drops the row: its next read goes to
 * the database, as before.
 */
export class LockedRows {
  readonly #rows = new Map<string, LockedRow>();

  /** Records a row the attempt has just locked, as the database returned it. */
  locked(record: StoredRecord): void {
    this.#rows.set(pendingKey(record.collection, record.id), {
      json: JSON.stringify(record.data),
      version: record.version,
    });
  }

  /** Whether the attempt holds a lock on this record and knows its current data. */
  holds(collection: string, id: string): boolean {
    return this.#rows.has(pendingKey(collection, id));
  }

  /** A fresh copy of a held record, or undefined when the attempt does not hold it. */
  read(collection: string, id: string): StoredRecord | undefined {
    const row = this.#rows.get(pendingKey(collection, id));
    if (row === undefined) return undefined;
    return { collection, id, data: JSON.parse(row.json) as JsonObject, version: row.version };
  }

  /**
   * Follows a put of a record: one continuing the version the attempt knows keeps the row held at
   * the new data and version; any other write of it drops the row.
   */
  written(
    write: { readonly collection: string; readonly id: string; readonly expectedVersion: number },
    json: string,
    version: number,
  ): void {
    const key = pendingKey(write.collection, write.id);
    const row = this.#rows.get(key);
    if (row === undefined) return;
    if (write.expectedVersion === row.version) this.#rows.set(key, { json, version });
    else this.#rows.delete(key);
  }

  /** Drops a record the attempt deletes: its next read goes to the database. */
  forget(collection: string, id: string): void {
    this.#rows.delete(pendingKey(collection, id));
  }
}
