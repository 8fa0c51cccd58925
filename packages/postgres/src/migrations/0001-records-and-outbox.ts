import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Migrations are frozen history: names below are written out, not imported, so that renaming a
// constant later can never change what an already-applied migration meant.

/**
 * The records and outbox tables under row-level security, and the `strongroom_app` role that
 * transactions switch to. `collation "C"` orders ids by code point, as every other adapter does,
 * instead of by the database's locale (where `_` sorts as if absent).
 */
export const recordsAndOutbox: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Roles belong to the cluster, not the database: another database may be creating the same
    // role at this moment. The loser of that race sees `duplicate_object`, or `unique_violation`
    // when it waited on the winner's uncommitted row; either way the role now exists.
    await sql`
      do $$
      begin
        create role strongroom_app nologin;
      exception
        when duplicate_object or unique_violation then null;
      end
      $$
    `.execute(db);
    await sql`
      do $$
      begin
        execute format('grant usage on schema %I to strongroom_app', current_schema());
      end
      $$
    `.execute(db);

    await sql`
      create table strongroom_records (
        tenant_id text not null,
        collection text collate "C" not null,
        id text collate "C" not null,
        data jsonb not null,
        version int8 not null check (version >= 1),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (tenant_id, collection, id)
      )
    `.execute(db);
    await sql`
      create table strongroom_outbox (
        tenant_id text not null,
        id text collate "C" not null,
        type text not null,
        schema_version int4 not null check (schema_version >= 1),
        payload jsonb not null,
        occurred_at timestamptz not null,
        correlation_id text,
        causation_id text,
        primary key (tenant_id, id)
      )
    `.execute(db);

    for (const table of ['strongroom_records', 'strongroom_outbox']) {
      // FORCE makes the policy bind the tables' owner too; only superusers still bypass it.
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
      await sql`alter table ${sql.table(table)} force row level security`.execute(db);
      await sql`
        create policy tenant_isolation on ${sql.table(table)}
          using (tenant_id = current_setting('strongroom.tenant_id', true))
          with check (tenant_id = current_setting('strongroom.tenant_id', true))
      `.execute(db);
      await sql`
        grant select, insert, update, delete on ${sql.table(table)} to strongroom_app
      `.execute(db);
    }
  },

  async down(db: Kysely<unknown>): Promise<void> {
    // The role stays: other databases of the cluster may still use it.
    await sql`drop table strongroom_outbox`.execute(db);
    await sql`drop table strongroom_records`.execute(db);
  },
};
