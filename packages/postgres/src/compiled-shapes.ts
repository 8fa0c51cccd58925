import { assert } from '@strongroom/kernel';
import { type Compilable, CompiledQuery, type OperationNodeSource, type RawBuilder } from 'kysely';

/**
 * Most statement shapes one storage keeps compiled; the least recently used goes first. A command
 * of the ledger, identity or the audit sequencer writes one of a few dozen shapes again and
 * again; a batch of unusual size costs one more compilation, as every statement did before.
 */
export const COMPILED_SHAPES_MAX = 256;

/**
 * Longest compiled text kept: a longer one is a batch whose size few other calls share (an audit
 * sequencer's run, a large import), so keeping it would only hold memory; it is compiled each
 * time, as every statement was before. Bounds what the shapes hold to 256 × 16 KiB.
 */
export const COMPILED_SHAPE_TEXT_MAX_LENGTH = 16_384;

// Stands for the value at `slot` while a shape is built, so its position among the compiled
// parameters can be found again. Never sent: only the values it stands for are.
class Placeholder {
  readonly slot: number;
  constructor(slot: number) {
    this.slot = slot;
  }
}

interface CompiledShape {
  readonly sql: string;
  /** For every parameter of the compiled text, the slot of the value it binds. */
  readonly slotOfParameter: readonly number[];
}

/**
 * A statement as a shape and its values: a held-back write's text depends only on how many rows
 * each queue holds, while its values differ on every call.
 */
export interface ShapedStatement {
  /** Names the text: statements with equal shapes build equal texts from any values. */
  readonly shape: string;
  /** Every value the statement binds, in the order `build` takes them. */
  readonly values: readonly unknown[];
  /**
   * Builds the statement from `values`, or from placeholders standing for them: it passes each on
   * unchanged as a value of the statement, and reads nothing else that changes from call to call.
   */
  readonly build: (values: readonly unknown[]) => Compilable & OperationNodeSource;
}

/**
 * A raw statement with the kysely instance that compiles it, as {@link ShapedStatement.build}
 * returns it: raw statements compile only through an instance, query builders by themselves.
 */
export function compilableRaw<Row>(
  statement: RawBuilder<Row>,
  compiler: Parameters<RawBuilder<Row>['compile']>[0],
): Compilable<Row> & OperationNodeSource {
  return {
    toOperationNode: () => statement.toOperationNode(),
    compile: () => statement.compile(compiler),
  };
}

/**
 * Statements compiled once per shape. Building a ledger transfer's held-back writes with kysely's
 * query builders and compiling them took about 120 µs of the event loop per transfer (CPU profile
 * of 8 concurrent transfers on the Postgres server), a sixth of all the Node work a transfer
 * did; a shape seen before now only places its values among the parameters.
 */
export class CompiledShapes {
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recently used first.
  readonly #shapes = new Map<string, CompiledShape>();

  /** The statement with its values, compiled on the first call of its shape. */
  compile(statement: ShapedStatement): CompiledQuery {
    const { shape, values } = statement;
    const compiled = this.#shapes.get(shape) ?? compileShape(statement);
    this.#remember(shape, compiled);
    return CompiledQuery.raw(
      compiled.sql,
      compiled.slotOfParameter.map((slot) => values[slot]),
    );
  }

  // Keeps a shape as the most recently used, dropping the least recently used beyond the limit.
  #remember(shape: string, compiled: CompiledShape): void {
    this.#shapes.delete(shape);
    if (compiled.sql.length > COMPILED_SHAPE_TEXT_MAX_LENGTH) return;
    this.#shapes.set(shape, compiled);
    if (this.#shapes.size <= COMPILED_SHAPES_MAX) return;
    const oldest = this.#shapes.keys().next();
    if (oldest.done !== true) this.#shapes.delete(oldest.value);
  }
}

// Builds the statement on placeholders and maps each compiled parameter back to its slot. A
// builder that inlined a value into the text, or dropped or transformed one, would make texts of
// one shape differ: the assertions catch it on the first compilation.
function compileShape(statement: ShapedStatement): CompiledShape {
  const placeholders = statement.values.map((_, slot) => new Placeholder(slot));
  const { sql, parameters } = statement.build(placeholders).compile();
  const used = new Set<number>();
  const slotOfParameter = parameters.map((parameter) => {
    assert(
      parameter instanceof Placeholder,
      'a shaped statement binds only the values it is given',
    );
    used.add(parameter.slot);
    return parameter.slot;
  });
  assert(used.size === placeholders.length, 'a shaped statement binds every value it is given');
  return { sql, slotOfParameter };
}
