import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeSubtrees } from '../../src/merkle/node-id.js';
import {
  countOneBits,
  countTrailingZeroBits,
  isPowerOfTwo,
  isTreeCount,
  largestPowerOfTwoBelow,
  powerOfTwo,
} from '../../src/merkle/tree-math.js';

// Bigint is the reference: it never loses a bit, so it shows the number code stays exact where
// `>>`, `&` and `|` would have truncated to 32 bits.
const anySize = fc.bigInt({ min: 1n, max: 2n ** 53n - 1n });

function bigintBits(value: bigint): string {
  return value.toString(2);
}

describe('tree arithmetic on exact numbers', () => {
  it('finds the largest power of two below a size, past 2^32', () => {
    expect(largestPowerOfTwoBelow(2)).toBe(1);
    expect(largestPowerOfTwoBelow(3)).toBe(2);
    expect(largestPowerOfTwoBelow(8)).toBe(4);
    expect(largestPowerOfTwoBelow(9)).toBe(8);
    expect(largestPowerOfTwoBelow(2 ** 32 + 1)).toBe(2 ** 32);
    expect(largestPowerOfTwoBelow(Number.MAX_SAFE_INTEGER)).toBe(2 ** 52);
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: 2n ** 53n - 1n }), (size) => {
        const power = BigInt(largestPowerOfTwoBelow(Number(size)));
        expect(power < size && power * 2n >= size).toBe(true);
        expect(bigintBits(power).replace(/^1/, '')).toMatch(/^0*$/);
      }),
    );
  });

  it('counts bits like bigint does', () => {
    fc.assert(
      fc.property(anySize, (value) => {
        const bits = bigintBits(value);
        expect(countOneBits(Number(value))).toBe(bits.replaceAll('0', '').length);
        expect(countTrailingZeroBits(Number(value))).toBe(
          bits.length - bits.replace(/0+$/, '').length,
        );
        expect(isPowerOfTwo(Number(value))).toBe(/^10*$/.test(bits));
      }),
    );
    expect(countOneBits(0)).toBe(0);
    expect(isPowerOfTwo(0)).toBe(false);
    expect(countOneBits(Number.MAX_SAFE_INTEGER)).toBe(53);
    expect(countTrailingZeroBits(2 ** 52)).toBe(52);
  });

  it('accepts only safe non-negative integers as sizes', () => {
    expect([0, 1, Number.MAX_SAFE_INTEGER].every(isTreeCount)).toBe(true);
    expect([-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY].some(isTreeCount)).toBe(false);
    expect(() => largestPowerOfTwoBelow(1)).toThrow(/at least 2/);
    expect(() => largestPowerOfTwoBelow(2 ** 53)).toThrow(/safe non-negative integer/);
    expect(() => countTrailingZeroBits(0)).toThrow(/no lowest one bit/);
    expect(() => powerOfTwo(54)).toThrow(/out of range/);
  });

  it('covers a leaf range with aligned complete subtrees, largest possible each time', () => {
    expect(completeSubtrees(4, 7)).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(completeSubtrees(3, 9)).toEqual([
      { level: 0, index: 3 },
      { level: 2, index: 1 },
      { level: 0, index: 8 },
    ]);
    expect(completeSubtrees(5, 5)).toEqual([]);
    fc.assert(
      fc.property(anySize, anySize, (first, second) => {
        const [begin, end] = first <= second ? [first, second] : [second, first];
        let position = begin;
        for (const node of completeSubtrees(Number(begin), Number(end))) {
          const width = 2n ** BigInt(node.level);
          expect(BigInt(node.index) * width).toBe(position);
          position += width;
        }
        expect(position).toBe(end);
      }),
    );
  });
});
