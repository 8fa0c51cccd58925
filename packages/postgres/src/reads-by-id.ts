import type { JsonObject, TenantId } from '@strongroom/kernel';
import { type Kysely, sql } from 'kysely';
import { compilableRaw, type ShapedStatement } from './compiled-shapes.js';
import { RECORDS_TABLE, type StrongroomTables } from './schema.js';
import { readTenantRows, tenantRowValues } from './tenant-rows.js';

/** A read of records by id: distinct ids of one collection, locked `FOR UPDATE` with `lock`. */
export interface ReadById {
  readonly collection: string;
  readonly ids: readonly string[];
  readonly lock: boolean;
}

/** A row a {@link readsByIdStatement} returns: the position of its read, then the record. */
export interface RowById {
  readonly part: number;
  readonly id: string;
  readonly data: JsonObject;
  readonly version: bigint;
}

// What one read binds besides the tenant, in statement order.
type ReadRow = readonly [ids: readonly string[], collection: string];
const READ_ROW_WIDTH = 2;

// One primary-key probe per id, whatever the planner believes of the collection's size. With
// `id in (…)` it scans every row of the tenant's collection and filters when its statistics say
// that range is small, which they do of any collection or tenant that grew since the last ANALYZE:
// 124 ids among 20,000 rows took 6-9 ms that way against 0.4 ms probed (see
// docs/architecture/storage.md). The LIMIT keeps each probe a subquery the planner cannot turn
// into a join over the whole range. The ids go in as one array, so every count shares one
// statement text, and in the column's collation order: rows are locked in the order they are
// probed, one order everywhere, so no two attempts deadlock.
function readPart(part: number, tenantId: TenantId, row: ReadRow, lock: boolean) {
  const [ids, collection] = row;
  return sql`
    select ${sql.lit(part)} as part, r.id, r.data, r.version
    from (select id from unnest(${ids}::text[]) as wanted (id)
      order by id collate "C" offset 0) as wanted
    cross join lateral (
      select id, data, version from ${sql.table(RECORDS_TABLE)}
      where tenant_id = ${tenantId} and collection = ${collection} and id = wanted.id
      limit 1${lock ? sql` for update` : sql``}) as r`;
}

/**
 * One statement making `reads` in their order, each a part of a `UNION ALL`, which PostgreSQL
 * runs one after the other: the rows and locks of one statement per read, in one round trip.
 * Every row carries the position of its read. Shaped: its text depends only on how many reads it
 * makes and which lock, so it compiles once per shape (see `CompiledShapes`).
 */
export function readsByIdStatement(
  transaction: Kysely<StrongroomTables>,
  tenantId: TenantId,
  reads: readonly ReadById[],
): ShapedStatement {
  return {
    shape: `reads by id (${reads.map((read) => (read.lock ? 'locked' : 'unlocked')).join(', ')})`,
    values: tenantRowValues(
      tenantId,
      reads.map((read): ReadRow => [read.ids, read.collection]),
    ),
    build: (values) => {
      const { tenantId: tenant, rows } = readTenantRows<ReadRow>(values, READ_ROW_WIDTH);
      const parts = rows.map((row, part) =>
        readPart(part, tenant, row, reads[part]?.lock === true),
      );
      return compilableRaw(sql<RowById>`${sql.join(parts, sql` union all `)}`, transaction);
    },
  };
}
