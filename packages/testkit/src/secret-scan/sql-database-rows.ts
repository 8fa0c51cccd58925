import { assert } from '@strongroom/kernel';
import { STORE_ROWS_MAX, type StoreRow } from './store-row.js';

/** Runs one SQL statement: a `pg` client's or a PGlite instance's `query` fits. */
export type SqlQuery = (statement: string) => Promise<{ rows: readonly unknown[] }>;

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function field(row: unknown, name: string): string {
  const value = (row as Record<string, unknown>)[name];
  assert(typeof value === 'string', `a catalog row has a text column ${name}`);
  return value;
}

/**
 * Every row of every table in every schema but the catalogs, as JSON text. Connect as a role that
 * row-level security does not bind (a superuser, PGlite's default), or rows will be missing.
 */
export async function sqlDatabaseRows(query: SqlQuery): Promise<StoreRow[]> {
  const tables = await query(
    `select table_schema, table_name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
     order by 1, 2`,
  );
  const rows: StoreRow[] = [];
  for (const table of tables.rows) {
    const name = `${field(table, 'table_schema')}.${field(table, 'table_name')}`;
    const qualified = `${quoteIdentifier(field(table, 'table_schema'))}.${quoteIdentifier(field(table, 'table_name'))}`;
    const result = await query(`select row_to_json(t)::text as row from ${qualified} t`);
    for (const [index, row] of result.rows.entries()) {
      rows.push({ place: `${name} row ${index + 1}`, text: field(row, 'row') });
    }
    assert(
      rows.length <= STORE_ROWS_MAX,
      `a scanned database holds at most ${STORE_ROWS_MAX} rows`,
    );
  }
  return rows;
}
