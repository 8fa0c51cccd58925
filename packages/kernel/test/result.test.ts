import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AssertionFailure,
  assert,
  assertNever,
  combineAll,
  err,
  fromTypedPromise,
  infrastructureError,
  ok,
  type Result,
  toThrowable,
  unwrapOrThrow,
  validationError,
} from '../src/index.js';

describe('combineAll', () => {
  it('returns every value in order when all succeed', () => {
    expect(combineAll([ok(1), ok(2), ok(3)])._unsafeUnwrap()).toEqual([1, 2, 3]);
  });

  it('returns an empty list for no results', () => {
    expect(combineAll([])._unsafeUnwrap()).toEqual([]);
  });

  it('collects every error in order instead of stopping at the first', () => {
    const results: Result<number, string>[] = [ok(1), err('a'), ok(2), err('b'), err('c')];
    expect(combineAll(results)._unsafeUnwrapErr()).toEqual(['a', 'b', 'c']);
  });

  it('agrees with a plain partition of any mix of results', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer().map((value) => ok(value)),
            fc.string().map((e) => err(e)),
          ),
        ),
        (results: Result<number, string>[]) => {
          const values = results.flatMap((result) => (result.isOk() ? [result.value] : []));
          const errors = results.flatMap((result) => (result.isErr() ? [result.error] : []));
          const combined = combineAll(results);
          if (errors.length > 0) expect(combined._unsafeUnwrapErr()).toEqual(errors);
          else expect(combined._unsafeUnwrap()).toEqual(values);
        },
      ),
    );
  });
});

describe('unwrapOrThrow and toThrowable', () => {
  it('unwraps a success', () => {
    expect(unwrapOrThrow(ok('value'))).toBe('value');
  });

  it('throws an Error named by the type only, with the fields on cause', () => {
    const error = validationError('password', 'too_short');
    const thrown = toThrowable(error);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.message).toBe('validation');
    expect(thrown.cause).toBe(error);
    expect(() => unwrapOrThrow(err(error))).toThrow('validation');
  });
});

describe('fromTypedPromise', () => {
  it('keeps both sides of a promised result', async () => {
    expect((await fromTypedPromise(Promise.resolve(ok(1))))._unsafeUnwrap()).toBe(1);
    expect((await fromTypedPromise(Promise.resolve(err('no'))))._unsafeUnwrapErr()).toBe('no');
  });
});

describe('assert and assertNever', () => {
  it('passes a true condition and throws AssertionFailure on a false one', () => {
    expect(() => assert(true, 'fine')).not.toThrow();
    expect(() => assert(0, 'zero is falsy')).toThrow(AssertionFailure);
    expect(() => assert(false, 'the reason')).toThrow('the reason');
  });

  it('names the unexpected variant', () => {
    expect(() => assertNever({ type: 'ledger.surprise' } as never)).toThrow(
      'unexpected variant: ledger.surprise',
    );
  });
});

describe('error builders', () => {
  it('builds a validation error', () => {
    expect(validationError('limit', 'out_of_range')).toEqual({
      type: 'validation',
      field: 'limit',
      reason: 'out_of_range',
    });
  });

  it('builds an infrastructure error with and without a code', () => {
    const base = { retryable: true, operation: 'postgres.transaction', message: 'lost' };
    expect(infrastructureError(base)).toEqual({ type: 'infrastructure', ...base });
    expect(infrastructureError({ ...base, code: '40001' })).toEqual({
      type: 'infrastructure',
      ...base,
      code: '40001',
    });
    expect('code' in infrastructureError({ ...base, code: undefined })).toBe(false);
  });
});
