import { assert } from '@strongroom/kernel';
import { binLength } from './card-brand.js';

/** What the vault keeps of a PAN in clear: its BIN, last four digits and length. */
export interface TruncatedPan {
  readonly bin: string;
  readonly last4: string;
  readonly panLength: number;
}

/** The character standing in for each hidden digit. */
export const MASK_CHARACTER = '*';

/** Cuts a validated PAN down to its BIN (see {@link binLength}) and last four digits. */
export function truncatePan(pan: string): TruncatedPan {
  return { bin: pan.slice(0, binLength(pan.length)), last4: pan.slice(-4), panLength: pan.length };
}

/**
 * The display form of a card: BIN, one `*` per hidden digit, last four (`42424242****4242`).
 * Never a card number: it always holds a mask character, so it is never all digits and never
 * Luhn-valid, and its longest digit run (the BIN) is shorter than the 12 digits of any PAN.
 */
export function maskedPan(truncated: TruncatedPan): string {
  const hidden = truncated.panLength - truncated.bin.length - truncated.last4.length;
  assert(hidden >= 1 && truncated.bin.length < 12, 'a masked PAN hides at least one digit');
  return `${truncated.bin}${MASK_CHARACTER.repeat(hidden)}${truncated.last4}`;
}
