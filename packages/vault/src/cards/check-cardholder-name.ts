import { containsCardNumber } from '@strongroom/audit';
import { err, ok, type Result } from '@strongroom/kernel';
import { type InvalidCardError, invalidCard } from './card-error.js';

/** Characters a cardholder name may have: the ISO/IEC 7813 track 1 name field holds 2–26. */
export const CARDHOLDER_NAME_MAX_LENGTH = 26;

// Letters, marks, digits, punctuation, symbols and spaces: anything printable, no control or
// format characters, no unpaired surrogates. Names are typed by people, so not ASCII only.
const PRINTABLE_PATTERN = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]+$/u;

/**
 * Validates a cardholder name: trimmed, 1–26 characters (code points), printable. A name holding
 * a card number (a PAN typed into the wrong box) is refused rather than stored.
 */
export function checkCardholderName(input: unknown): Result<string, InvalidCardError> {
  if (typeof input !== 'string') return err(invalidCard('cardholderName', 'not_a_string'));
  // Bounded before any scan, so an oversized input costs nothing.
  if (input.length > CARDHOLDER_NAME_MAX_LENGTH * 8) {
    return err(invalidCard('cardholderName', 'too_long'));
  }
  const name = input.trim();
  if (name.length === 0) return err(invalidCard('cardholderName', 'empty'));
  if (!name.isWellFormed() || !PRINTABLE_PATTERN.test(name)) {
    return err(invalidCard('cardholderName', 'not_printable'));
  }
  if ([...name].length > CARDHOLDER_NAME_MAX_LENGTH) {
    return err(invalidCard('cardholderName', 'too_long'));
  }
  if (containsCardNumber(name)) return err(invalidCard('cardholderName', 'contains_card_number'));
  return ok(name);
}
