import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Frozen history, like 0001: names are written out, not imported.

/**
 * The outbox's stream position and actor, so the relay can keep each stream in order and name who
 * caused an event. Nullable: events outside a stream, and every event stored before this, have
 * none. Adding nullable columns without a default rewrites no rows. The version is an int8, like a
record's: the port allows any safe integer, which an int4 would cap at 2^31 - 1 on Postgres alone. Row-level security and the
 * app role's grants (select, insert, update, delete, from 0001) are per table and cover the new
 * columns; the relay's acknowledgement needs delete.
 */
export const outboxStreamAndActor: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      alter table strongroom_outbox
        add column stream_id text check (char_length(stream_id) between 1 and 256),
        add column stream_version int8 check (stream_version >= 1),
        add column actor text check (char_length(actor) <= 256),
        add constraint strongroom_outbox_stream_position
          check ((stream_id is null) = (stream_version is null))
    `.execute(db);
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await sql`
      alter table strongroom_outbox
        drop constraint strongroom_outbox_stream_position,
        drop column actor,
        drop column stream_version,
        drop column stream_id
    `.execute(db);
  },
};
