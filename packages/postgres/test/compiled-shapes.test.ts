import { AssertionFailure } from '@strongroom/kernel';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import {
  COMPILED_SHAPE_TEXT_MAX_LENGTH,
  COMPILED_SHAPES_MAX,
  CompiledShapes,
  compilableRaw,
} from '../src/compiled-shapes.js';

// Compiles without a connection, as the storage's own kysely would.
const db = new Kysely<Record<string, never>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

// `select` of one value per row, `rows` rows: its text depends only on the row count.
function rowsStatement(values: readonly unknown[]) {
  const build = vi.fn((slots: readonly unknown[]) =>
    compilableRaw(sql`select ${sql.join(slots.map((slot) => sql`(${slot})`))}`, db),
  );
  return { statement: { shape: `rows ${values.length}`, values, build }, build };
}

describe('CompiledShapes', () => {
  it('compiles a shape once and binds each call its own values, in the order kysely would', () => {
    const shapes = new CompiledShapes();
    const first = rowsStatement(['a', 1n, null]);
    const second = rowsStatement(['b', 2n, { json: true }]);
    const compiledFirst = shapes.compile(first.statement);
    const compiledSecond = shapes.compile(second.statement);
    expect(compiledFirst.sql).toBe('select ($1), ($2), ($3)');
    expect(compiledFirst.parameters).toEqual(['a', 1n, null]);
    expect(compiledSecond.sql).toBe(compiledFirst.sql);
    expect(compiledSecond.parameters).toEqual(['b', 2n, { json: true }]);
    expect(first.build).toHaveBeenCalledTimes(1);
    expect(second.build).not.toHaveBeenCalled();
  });

  it('places a value bound twice, or out of order, where the compiled text wants it', () => {
    const shapes = new CompiledShapes();
    const statement = {
      shape: 'reordered',
      values: ['first', 'second'],
      build: ([first, second]: readonly unknown[]) =>
        compilableRaw(sql`select ${second}, ${first}, ${second}`, db),
    };
    const compiled = shapes.compile(statement);
    expect(compiled.sql).toBe('select $1, $2, $3');
    expect(compiled.parameters).toEqual(['second', 'first', 'second']);
  });

  it('refuses a builder that writes a value into the text or leaves one out', () => {
    const shapes = new CompiledShapes();
    const inlined = {
      shape: 'inlined',
      values: [1],
      build: () => compilableRaw(sql`select ${sql.lit(1)}`, db),
    };
    const transformed = {
      shape: 'transformed',
      values: ['a'],
      build: (slots: readonly unknown[]) => compilableRaw(sql`select ${String(slots[0])}`, db),
    };
    expect(() => shapes.compile(inlined)).toThrow(AssertionFailure);
    expect(() => shapes.compile(transformed)).toThrow(AssertionFailure);
  });

  it(`keeps at most ${COMPILED_SHAPES_MAX} shapes, dropping the least recently used`, () => {
    const shapes = new CompiledShapes();
    const oldest = rowsStatement(['kept']);
    shapes.compile(oldest.statement);
    for (let count = 2; count <= COMPILED_SHAPES_MAX; count += 1)
      shapes.compile(rowsStatement(Array.from({ length: count }, (_, index) => index)).statement);
    // Used again: now the most recent, so the next new shape evicts `rows 2` instead.
    shapes.compile(oldest.statement);
    shapes.compile(
      rowsStatement(Array.from({ length: COMPILED_SHAPES_MAX + 1 }, () => 0)).statement,
    );
    shapes.compile(oldest.statement);
    expect(oldest.build).toHaveBeenCalledTimes(1);
    const evicted = rowsStatement([0, 1]);
    const kept = rowsStatement([0, 1, 2]);
    shapes.compile(kept.statement);
    shapes.compile(evicted.statement);
    expect(evicted.build).toHaveBeenCalledTimes(1);
    expect(kept.build).not.toHaveBeenCalled();
  });

  it(`compiles a text longer than ${COMPILED_SHAPE_TEXT_MAX_LENGTH} characters every time`, () => {
    const shapes = new CompiledShapes();
    // "($1), " and longer per row: well past the limit.
    const values = Array.from({ length: COMPILED_SHAPE_TEXT_MAX_LENGTH / 4 }, (_, index) => index);
    const first = rowsStatement(values);
    const second = rowsStatement(values);
    const compiled = shapes.compile(first.statement);
    expect(compiled.sql.length).toBeGreaterThan(COMPILED_SHAPE_TEXT_MAX_LENGTH);
    expect(shapes.compile(second.statement).parameters).toEqual(values);
    expect(second.build).toHaveBeenCalledTimes(1);
  });
});
