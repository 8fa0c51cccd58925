import type { JsonObject } from '../json/json-value.js';
import type { Page, PageRequest } from './pagination.js';

/**
 * A stored record: a JSON body under a collection and id, with the version the store assigned.
 * Versions start at 1 on insert and grow by one on every write.
 */
export interface StoredRecord<Data extends JsonObject = JsonObject> {
  readonly collection: string;
  readonly id: string;
  readonly data: Data;
  readonly version: number;
}

/** A write of one record, conditional on the version the caller based it on. */
export interface RecordWrite<Data extends JsonObject = JsonObject> {
  readonly collection: string;
  readonly id: string;
  readonly data: Data;
  /** The version this write replaces; 0 means the record must not exist yet. */
  readonly expectedVersion: number;
}

/** A delete of one record, conditional on its version. */
export interface RecordDelete {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
}

/** How {@link RecordStore.getMany} reads. */
export interface RecordReadOptions {
  /**
   * Reads the records for update. A database that locks rows (Postgres: `FOR UPDATE`) locks them
   * in ascending id order whatever order they are asked in, so two transactions that lock
   * overlapping sets never deadlock, and a second writer of a hot record waits at the read instead
   * of doing its work and failing at commit. Optimistic adapters (memory, DynamoDB) validate these
   * reads at commit like any other.
   */
  readonly lock?: boolean;
}

/**
 * Versioned records of one tenant, inside one transaction. Every method sees the transaction's
 * own writes. A write whose `expectedVersion` differs from what this transaction sees fails the
 * transaction with `storage.version_mismatch`; a write based on a read that another transaction
 * has since changed fails it with a conflict, which the storage retries.
 */
export interface RecordStore {
  /** One record, or `undefined` when there is none. */
  get(collection: string, id: string): Promise<StoredRecord | undefined>;
  /** Several records at once, in the order asked, `undefined` for each missing one. */
  getMany(
    collection: string,
    ids: readonly string[],
    options?: RecordReadOptions,
  ): Promise<(StoredRecord | undefined)[]>;
  /** Inserts (expectedVersion 0) or replaces a record; returns it with its new version. */
  put(write: RecordWrite): Promise<StoredRecord>;
  /** Deletes a record. */
  delete(target: RecordDelete): Promise<void>;
  /** Records of a collection in ascending id order. */
  list(collection: string, page: PageRequest): Promise<Page<StoredRecord>>;
}

/** Longest collection name; collections are chosen by code, not by callers. */
export const COLLECTION_NAME_PATTERN = /^[a-z][a-z0-9_.]{0,62}$/;

/** Longest record id accepted by every adapter (DynamoDB sort keys allow 1 KiB). */
export const RECORD_ID_MAX_LENGTH = 256;
