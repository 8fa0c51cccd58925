import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresKysely, type StrongroomTables } from '../src/index.js';
import { createPGliteKysely } from '../src/pglite.js';
import { sharedPGlite } from './support/pglite-instance.js';
import { ADMIN_URL } from './support/test-database.js';

interface Probe {
  readonly beyondDouble: unknown;
  readonly small: unknown;
  readonly decimal: unknown;
  readonly bigints: unknown;
  readonly decimals: unknown;
  readonly plain: unknown;
}

const probe = (db: Kysely<StrongroomTables>) =>
  sql<Probe>`
    select 9007199254740993::int8 as "beyondDouble",
           1::int8 as small,
           1.10::numeric as decimal,
           array[9007199254740993, null]::int8[] as bigints,
           array[1.10, 2]::numeric[] as decimals,
           7::int4 as plain
  `.execute(db);

const drivers: {
  name: string;
  open(): Promise<[Kysely<StrongroomTables>, () => Promise<void>]>;
}[] = [
  {
    name: 'pg',
    async open() {
      // Parsing needs no schema: the server's maintenance database will do.
      const db = createPostgresKysely({ connectionString: ADMIN_URL });
      return [db, () => db.destroy()];
    },
  },
  {
    name: 'PGlite',
    async open() {
      // Destroying this kysely instance leaves the shared PGlite open.
      const db = createPGliteKysely(await sharedPGlite());
      return [db, () => db.destroy()];
    },
  },
];

describe.each(drivers)('type parsing on $name', (driver) => {
  let db: Kysely<StrongroomTables>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    [db, close] = await driver.open();
  });
  afterAll(() => close?.());

  it('returns int8 as bigint and numeric as decimal text, never as number', async () => {
    const { rows } = await probe(db);
    expect(rows[0]).toEqual({
      beyondDouble: 9007199254740993n,
      small: 1n,
      decimal: '1.10',
      bigints: [9007199254740993n, null],
      decimals: ['1.10', '2'],
      plain: 7,
    });
  });
});

it('leaves the global pg parsers of the host application alone', () => {
  expect(pg.types.getTypeParser(20, 'text')('5')).toBe('5');
  expect(pg.types.getTypeParser(1700, 'text')('1.10')).toBe('1.10');
});
