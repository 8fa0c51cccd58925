import { err, ok, type Result } from 'neverthrow';
import { createMoney, type Money } from './money.js';
import { type InvalidRatiosError, invalidRatios } from './money-error.js';

/**
 * The most parts {@link allocateMoney} splits into. Allocation sorts the parts, so the cap keeps
 * a call from a hostile or buggy caller bounded; real splits (installments, fee shares) are tiny.
 */
export const ALLOCATION_RATIOS_MAX = 10_000;

// Ratios are checked one by one so the error can name the offending position; numbers must be
// safe integers, because an unsafe one may already have lost the value its writer meant.
function parseRatios(ratios: unknown): Result<bigint[], InvalidRatiosError> {
  if (!Array.isArray(ratios)) return err(invalidRatios('not_an_array'));
  if (ratios.length === 0) return err(invalidRatios('empty'));
  if (ratios.length > ALLOCATION_RATIOS_MAX) return err(invalidRatios('too_many'));
  const parsed: bigint[] = [];
  for (const [index, ratio] of ratios.entries()) {
    let value: bigint;
    if (typeof ratio === 'bigint') value = ratio;
    else if (typeof ratio === 'number' && Number.isSafeInteger(ratio)) value = BigInt(ratio);
    else return err(invalidRatios('not_an_integer', index));
    if (value < 0n) return err(invalidRatios('negative', index));
    parsed.push(value);
  }
  return ok(parsed);
}

/**
 * Splits an amount in proportion to `ratios` without creating or losing a minor unit: the parts
 * always sum to `money`, and each part is within one minor unit of its exact share. Uses the
 * largest-remainder method: every part first gets the floor of its exact share, then the minor
 * units left over go one each to the parts with the largest remainders, ties to the earlier
 * index. A negative amount is split as its magnitude and every part negated, so `-1.00` in three
 * parts is `-0.34, -0.33, -0.33`, the mirror image of `1.00`. A part with ratio zero gets zero.
 * Ratios are non-negative integers (bigint or safe-integer number), at least one of them positive.
 */
export function allocateMoney(
  money: Money,
  ratios: readonly bigint[] | readonly number[],
): Result<Money[], InvalidRatiosError> {
  return parseRatios(ratios).andThen((parsed) => {
    const total = parsed.reduce((sum, ratio) => sum + ratio, 0n);
    if (total === 0n) return err(invalidRatios('all_zero'));
    const negative = money.amountMinor < 0n;
    const magnitude = negative ? -money.amountMinor : money.amountMinor;
    const shares = parsed.map((ratio, index) => ({
      index,
      floor: (magnitude * ratio) / total,
      remainder: (magnitude * ratio) % total,
    }));
    const distributed = shares.reduce((sum, share) => sum + share.floor, 0n);
    // The leftover is (sum of remainders) / total, so it is smaller than the number of parts with
    // a non-zero remainder: only those ever receive an extra unit, never a zero-ratio part.
    const leftover = Number(magnitude - distributed);
    const byRemainder = [...shares].sort((left, right) =>
      left.remainder === right.remainder
        ? left.index - right.index
        : left.remainder > right.remainder
          ? -1
          : 1,
    );
    const extra = new Set(byRemainder.slice(0, leftover).map((share) => share.index));
    return ok(
      shares.map((share) => {
        const part = share.floor + (extra.has(share.index) ? 1n : 0n);
        return createMoney(negative ? -part : part, money.currency);
      }),
    );
  });
}
