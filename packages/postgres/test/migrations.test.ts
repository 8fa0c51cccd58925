import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresKysely,
  DEFAULT_APP_ROLE,
  migrateToLatest,
  type StrongroomTables,
} from '../src/index.js';
import { createPGliteKysely } from '../src/pglite.js';
import { startPGlite } from './support/pglite-instance.js';
import { createTestDatabase } from './support/test-database.js';

/** Two independent connections to one fresh, unmigrated database. */
interface Target {
  readonly name: string;
  open(): Promise<{
    readonly first: Kysely<StrongroomTables>;
    readonly second: Kysely<StrongroomTables>;
    close(): Promise<void>;
  }>;
}

const targets: Target[] = [
  {
    name: 'postgres',
    async open() {
      const database = await createTestDatabase();
      const first = createPostgresKysely({ connectionString: database.connectionString });
      const second = createPostgresKysely({ connectionString: database.connectionString });
      return {
        first,
        second,
        async close() {
          await Promise.all([first.destroy(), second.destroy()]);
          await database.drop();
        },
      };
    },
  },
  {
    name: 'pglite',
    async open() {
      // PGlite has one connection; two kysely instances over it still race at the API.
      const pglite = await startPGlite('fresh');
      return {
        first: createPGliteKysely(pglite),
        second: createPGliteKysely(pglite),
        close: () => pglite.close(),
      };
    },
  },
];

describe.each(targets)('migrations on $name', (target) => {
  let first: Kysely<StrongroomTables>;
  let second: Kysely<StrongroomTables>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ first, second, close } = await target.open());
  });
  afterAll(() => close?.());

  it('applies once when run concurrently, then finds nothing to do', async () => {
    const runs = await Promise.all([migrateToLatest(first), migrateToLatest(second)]);
    expect(runs.flat()).toEqual(['0001_records_and_outbox', '0002_outbox_stream_and_actor']);
    expect(await migrateToLatest(first)).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() order by table_name
    `.execute(first);
    // Its own bookkeeping tables leave a host's kysely migrations untouched.
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'strongroom_migration',
      'strongroom_migration_lock',
      'strongroom_outbox',
      'strongroom_records',
    ]);
  });

  it('creates the expected columns, code point ordered ids and primary keys', async () => {
    const columns = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      collation: string;
    }>`
      select table_name, column_name, data_type, is_nullable, coalesce(collation_name, '') as collation
      from information_schema.columns
      where table_name in ('strongroom_records', 'strongroom_outbox')
      order by table_name, ordinal_position
    `.execute(first);
    const describe = (table: string) =>
      columns.rows
        .filter((row) => row.table_name === table)
        .map((row) =>
          `${row.column_name} ${row.data_type} ${row.is_nullable} ${row.collation}`.trim(),
        );
    expect(describe('strongroom_records')).toEqual([
      'tenant_id text NO',
      'collection text NO C',
      'id text NO C',
      'data jsonb NO',
      'version bigint NO',
      'created_at timestamp with time zone NO',
      'updated_at timestamp with time zone NO',
    ]);
    expect(describe('strongroom_outbox')).toEqual([
      'tenant_id text NO',
      'id text NO C',
      'type text NO',
      'schema_version integer NO',
      'payload jsonb NO',
      'occurred_at timestamp with time zone NO',
      'correlation_id text YES',
      'causation_id text YES',
      'stream_id text YES',
      'stream_version bigint YES',
      'actor text YES',
    ]);
    const keys = await sql<{ table_name: string; definition: string }>`
      select conrelid::regclass::text as table_name, pg_get_constraintdef(oid) as definition
      from pg_constraint
      where contype = 'p' and conrelid in ('strongroom_records'::regclass, 'strongroom_outbox'::regclass)
      order by 1
    `.execute(first);
    expect(keys.rows).toEqual([
      { table_name: 'strongroom_outbox', definition: 'PRIMARY KEY (tenant_id, id)' },
      { table_name: 'strongroom_records', definition: 'PRIMARY KEY (tenant_id, collection, id)' },
    ]);
  });

  it('forces row-level security with a tenant policy and grants the app role only data access', async () => {
    const tables = await sql<{ table: string }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             p.qual, p.with_check,
             has_table_privilege(${DEFAULT_APP_ROLE}, c.oid, 'select, insert, update, delete') as data,
             has_table_privilege(${DEFAULT_APP_ROLE}, c.oid, 'truncate, references, trigger') as more,
             pg_get_userbyid(c.relowner) <> ${DEFAULT_APP_ROLE} as foreign_owner
      from pg_class c join pg_policies p on p.tablename = c.relname
      where c.relname in ('strongroom_records', 'strongroom_outbox')
      order by c.relname
    `.execute(first);
    const policy = "(tenant_id = current_setting('strongroom.tenant_id'::text, true))";
    for (const table of ['strongroom_outbox', 'strongroom_records']) {
      expect(tables.rows.find((row) => row.table === table)).toEqual({
        table,
        enabled: true,
        forced: true,
        qual: policy,
        with_check: policy,
        data: true,
        more: false,
        foreign_owner: true,
      });
    }
  });
});
