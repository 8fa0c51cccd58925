import type { ShapedStatement } from './compiled-shapes.js';

/** A row a held-back write must touch, at the version it expects (0: the row must not exist). */
export interface ExpectedRow {
  readonly collection: string;
  readonly id: string;
  readonly expectedVersion: number;
}

/**
 * The one statement that sends a queue of held-back writes, returning the key of every row it
 * touched, and the rows it must touch: whatever it leaves out is a mismatch. Shaped, so it can run
 * alone or as one part of a combined statement (`AttemptContext.flush`) and compiles once per
 * row count.
 */
export interface HeldBackStatement extends ShapedStatement {
  readonly expected: readonly ExpectedRow[];
  /** The queue it was taken from, by key (`collection`, NUL, `id`): which keys it writes. */
  readonly keys: ReadonlyMap<string, unknown>;
}
