import { assert } from '@strongroom/kernel';

// Tree sizes and indexes are plain numbers, exact up to 2^53 − 1. JavaScript's bitwise operators
// truncate to 32 bits, so every helper here uses division and remainder instead: dividing by a
// power of two and flooring is exact for every safe integer.

/** The largest tree size (and so leaf count) a log can reach while sizes stay exact numbers. */
export const TREE_SIZE_MAX = Number.MAX_SAFE_INTEGER;

/** Whether a value is a usable tree size or index: a safe, non-negative integer. */
export function isTreeCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Asserts that `value` is a safe non-negative integer; `name` goes into the failure message. */
export function assertTreeCount(value: number, name: string): void {
  assert(isTreeCount(value), `${name} must be a safe non-negative integer`);
}

/** 2^exponent, exact for exponents 0 to 53. */
export function powerOfTwo(exponent: number): number {
  assert(Number.isInteger(exponent) && exponent >= 0 && exponent <= 53, 'exponent out of range');
  return 2 ** exponent;
}

/** Whether `value` is 1, 2, 4, 8, …; zero is not a power of two. */
export function isPowerOfTwo(value: number): boolean {
  assertTreeCount(value, 'value');
  if (value === 0) return false;
  let rest = value;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
}

/**
 * The largest power of two strictly below `value` (RFC 6962's split point `k` for a tree of
 * `value` leaves); `value` must be at least 2.
 */
export function largestPowerOfTwoBelow(value: number): number {
  assertTreeCount(value, 'value');
  assert(value >= 2, 'largestPowerOfTwoBelow needs a value of at least 2');
  let power = 1;
  while (power * 2 < value) power *= 2;
  return power;
}

/** How many one bits `value` has in binary. */
export function countOneBits(value: number): number {
  assertTreeCount(value, 'value');
  let count = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}

/** How many zero bits `value` ends with in binary; `value` must be positive. */
export function countTrailingZeroBits(value: number): number {
  assertTreeCount(value, 'value');
  assert(value > 0, 'zero has no lowest one bit');
  let count = 0;
  for (let rest = value; rest % 2 === 0; rest /= 2) count += 1;
  return count;
}
