import { err, ok, type Result, ResultAsync } from 'neverthrow';
import type { DomainError } from './domain-error.js';

export { err, errAsync, ok, okAsync, Result, ResultAsync } from 'neverthrow';

/**
 * Collects every error of a list of results instead of stopping at the first, for validating
 * several inputs at once. Ok values are returned in input order when there is no error.
 */
export function combineAll<T, E>(results: readonly Result<T, E>[]): Result<T[], E[]> {
  const values: T[] = [];
  const errors: E[] = [];
  for (const result of results) {
    if (result.isOk()) values.push(result.value);
    else errors.push(result.error);
  }
  return errors.length > 0 ? err(errors) : ok(values);
}

/**
 * Turns a domain error into an `Error` for the rare caller that must throw (a test, a script's
 * top level). The message is the error's type only: domain errors never carry secrets, but the
 * fields are kept on `cause` rather than rendered.
 */
export function toThrowable(error: DomainError): Error {
  return new Error(error.type, { cause: error });
}

/** Unwraps a result or throws {@link toThrowable}; for scripts and tests, not for library code. */
export function unwrapOrThrow<T, E extends DomainError>(result: Result<T, E>): T {
  if (result.isErr()) throw toThrowable(result.error);
  return result.value;
}

/** Wraps a promise-returning function whose failures are already typed into a `ResultAsync`. */
export function fromTypedPromise<T, E>(promise: Promise<Result<T, E>>): ResultAsync<T, E> {
  return new ResultAsync(promise);
}
