import { type Id, MONEY_MAX_MINOR_UNITS, parseId } from '@strongroom/kernel';
import { LEDGER_CODE_MAX, LEDGER_TIMEOUT_MAX_MS } from './ledger-limits.js';

/** An optional id field: absent, malformed, or parsed. */
export type IdField<Prefix extends string> =
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'valid'; readonly id: Id<Prefix> };

/** Reads an id field of an untrusted input with kernel `parseId` (`''` counts as absent). */
export function readIdField<Prefix extends string>(
  prefix: Prefix,
  value: unknown,
): IdField<Prefix> {
  if (value === undefined || value === '') return { kind: 'absent' };
  const parsed = parseId(prefix, value);
  return parsed.isOk() ? { kind: 'valid', id: parsed.value } : { kind: 'invalid' };
}

/** A code field: absent or 0 (`zero`), not an integer in 1..65535 (`invalid`), or valid. */
export function classifyCode(value: unknown): 'zero' | 'invalid' | 'valid' {
  if (value === undefined || value === 0) return 'zero';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LEDGER_CODE_MAX)
    return 'invalid';
  return 'valid';
}

/** Whether a timeout is an integer number of milliseconds in 1..`LEDGER_TIMEOUT_MAX_MS`. */
export function isValidTimeout(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= LEDGER_TIMEOUT_MAX_MS
  );
}

/** How an amount fails, given whether zero is acceptable for this kind of event. */
export type AmountFault =
  | 'amount_invalid'
  | 'amount_must_not_be_negative'
  | 'amount_must_be_positive'
  | 'amount_exceeds_maximum';

/**
 * Checks an amount in minor units: a bigint (a `number` is refused even when integral: no
 * `number` ever holds money), not negative, not zero unless `zeroAllowed`, at most
 * `MONEY_MAX_MINOR_UNITS`. An absent amount counts as zero.
 */
export function amountFault(value: unknown, zeroAllowed: boolean): AmountFault | null {
  if (value === undefined) return zeroAllowed ? null : 'amount_must_be_positive';
  if (typeof value !== 'bigint') return 'amount_invalid';
  if (value < 0n) return 'amount_must_not_be_negative';
  if (value === 0n && !zeroAllowed) return 'amount_must_be_positive';
  if (value > MONEY_MAX_MINOR_UNITS) return 'amount_exceeds_maximum';
  return null;
}

/** Whether a value is a `Date` holding a real time (not `Invalid Date`). */
export function isValidDate(value: unknown): value is Date {
  try {
    return value instanceof Date && Number.isFinite(value.getTime());
  } catch {
    // A proxy posing as a Date.
    return false;
  }
}
