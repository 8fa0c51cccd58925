import type { JsonObject, StoredRecord } from '@strongroom/kernel';
import { pendingKey } from './pending-keys.js';

interface LockedRow {
  /** The row's data as this attempt sees it, as JSON (every read gets its own copy); null: none. */
  readonly json: string | null;
  /** The row's version; 0 when there is no row. */
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
 *
 * A locked read that finds no row is held too, as absent: Postgres locks nothing there, but the
 * attempt's answer cannot change in a way that matters. Its snapshot shows no row under
 * SERIALIZABLE; under READ COMMITTED a row another transaction commits meanwhile is met by the
 * attempt's insert of the key, which then fails as a conflict, and the attempt runs again. A rate
 * limit's window at its first use in the window, or a new dispute stream's head that a command
 * locks before appending to it, is then read once.
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

  /** Records a key a locked read found no row for: the attempt knows it has none. */
  absent(collection: string, id: string): void {
    this.#rows.set(pendingKey(collection, id), { json: null, version: 0 });
  }

  /** Whether the attempt holds a lock on this record, or knows it has none, and its data. */
  holds(collection: string, id: string): boolean {
    return this.#rows.has(pendingKey(collection, id));
  }

  /** A fresh copy of a held record; undefined when it is held as absent, or not held. */
  read(collection: string, id: string): StoredRecord | undefined {
    const row = this.#rows.get(pendingKey(collection, id));
    if (row === undefined || row.json === null) return undefined;
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
