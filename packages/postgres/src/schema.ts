import type { JsonObject } from '@strongroom/kernel';
import type { ColumnType } from 'kysely';

/** The table of versioned records, one row per tenant, collection and id. */
export const RECORDS_TABLE = 'strongroom_records';

/** The transactional outbox table, one row per tenant and event id. */
export const OUTBOX_TABLE = 'strongroom_outbox';

/**
 * The transaction-local setting that row-level security compares `tenant_id` with. It is set with
 * `set_config(..., true)`, so it ends with the transaction and never leaks to the next user of a
 * pooled connection.
 */
export const TENANT_SETTING = 'strongroom.tenant_id';

/**
 * The role the migrations create and every transaction switches to: not a superuser and not the
 * tables' owner, so row-level security applies to it even though the connecting user may bypass it.
 */
export const DEFAULT_APP_ROLE = 'strongroom_app';

/** A row of {@link RECORDS_TABLE} as kysely sees it; JSON goes in as text and comes out parsed. */
export interface RecordsTable {
  readonly tenant_id: string;
  readonly collection: string;
  readonly id: string;
  readonly data: ColumnType<JsonObject, string, string>;
  readonly version: ColumnType<bigint, bigint, bigint>;
  readonly created_at: ColumnType<Date, never, never>;
  readonly updated_at: ColumnType<Date, never, Date>;
}

/** A row of {@link OUTBOX_TABLE} as kysely sees it. */
export interface OutboxTable {
  readonly tenant_id: string;
  readonly id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly payload: ColumnType<JsonObject, string, never>;
  readonly occurred_at: ColumnType<Date, string, never>;
  readonly correlation_id: string | null;
  readonly causation_id: string | null;
  /** Null for events outside a stream and for events stored before migration 0002. */
  readonly stream_id: string | null;
  /** An int8, read back as `bigint` by this package's parsers; null exactly when `stream_id` is. */
  readonly stream_version: ColumnType<bigint | null, bigint | null, never>;
  readonly actor: string | null;
}

/** The tables the Strongroom migrations create, for typing a `Kysely` instance. */
export interface StrongroomTables {
  readonly [RECORDS_TABLE]: RecordsTable;
  readonly [OUTBOX_TABLE]: OutboxTable;
}
