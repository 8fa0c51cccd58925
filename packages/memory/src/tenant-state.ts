import type { JsonObject } from '@strongroom/kernel';
import type { EventRow } from '@strongroom/kernel/adapter';

/** One committed record, or the tombstone of a deleted one (kept so a deletion is a change). */
export interface CommittedRecord {
  readonly collection: string;
  readonly id: string;
  readonly data: JsonObject;
  /** 0 for a tombstone. */
  readonly version: number;
  /** The commit sequence number that wrote it. */
  readonly writtenAt: number;
}

/**
 * The committed data of one tenant. `sequence` counts commits; every write remembers the commit
 * that made it, so a transaction can tell whether anything it depends on changed after it began.
 */
export class TenantState {
  sequence = 0;
  readonly records = new Map<string, CommittedRecord>();
  /** Last commit that inserted, changed or deleted a record of each collection. */
  readonly collectionWrittenAt = new Map<string, number>();
  readonly outbox = new Map<string, EventRow>();
  outboxWrittenAt = 0;
  // Every id ever written per collection (tombstones included), and a sorted copy built on
  // demand: a listing then costs a binary search plus its page, not a scan of the tenant.
  readonly #ids = new Map<string, Set<string>>();
  readonly #sortedIds = new Map<string, readonly string[]>();

  /** Stores a committed record (or tombstone) and keeps the collection's id index current. */
  store(record: CommittedRecord): void {
    this.records.set(recordKey(record.collection, record.id), record);
    let ids = this.#ids.get(record.collection);
    if (ids === undefined) {
      ids = new Set();
      this.#ids.set(record.collection, ids);
    }
    if (!ids.has(record.id)) {
      ids.add(record.id);
      this.#sortedIds.delete(record.collection);
    }
  }

  /** The ids of a collection in ascending order, tombstones included. */
  sortedIds(collection: string): readonly string[] {
    let sorted = this.#sortedIds.get(collection);
    if (sorted === undefined) {
      sorted = [...(this.#ids.get(collection) ?? [])].sort(compareIds);
      this.#sortedIds.set(collection, sorted);
    }
    return sorted;
  }
}

/**
 * Orders ids by UTF-16 code units; SQL `COLLATE "C"` and DynamoDB's byte order agree on the
 * ASCII ids Strongroom mints.
 */
export function compareIds(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The key of a record in a tenant's map; `\u0000` cannot occur in a collection name. */
export function recordKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
