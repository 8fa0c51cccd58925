/**
 * Thrown when an invariant the code itself guarantees does not hold: a programmer error, never an
 * operating error. Operating errors travel as typed `Result` errors instead.
 */
export class AssertionFailure extends Error {
  override readonly name = 'AssertionFailure';
}

/** Asserts an invariant; a failure is a bug, so it throws instead of returning a `Result`. */
export function assert(condition: unknown, why: string): asserts condition {
  if (!condition) throw new AssertionFailure(why);
}

/** Marks a branch the type system proves unreachable, e.g. the default of an exhaustive switch. */
export function assertNever(value: never, why = 'unexpected variant'): never {
  throw new AssertionFailure(`${why}: ${String((value as { type?: unknown })?.type ?? value)}`);
}
