import { isLuhnValid } from '@strongroom/audit';
import { err, ok, type Result } from '@strongroom/kernel';
import { type CardBrand, detectCardBrand, isIssuedLength } from './card-brand.js';
import { type InvalidCardError, invalidCard } from './card-error.js';

/** Longest PAN input accepted before any parsing: 19 digits and their group separators. */
export const PAN_INPUT_MAX_LENGTH = 32;

/** A PAN that passed validation: digits only, Luhn-valid, of a length its brand issues. */
export interface CheckedPan {
  readonly digits: string;
  readonly brand: CardBrand;
}

// Digits in groups separated by single spaces or dashes, as PANs are printed and typed. One digit
// per repetition, so the match is linear: no nested quantifier to backtrack through.
const PAN_INPUT_PATTERN = /^\d(?:[ -]?\d)*$/;

/**
 * Validates a PAN: separators removed, 12–19 digits (ISO/IEC 7812-1), a known brand from its BIN,
 * a length that brand issues, and a Luhn check digit. Errors never carry the digits.
 */
export function checkPan(input: unknown): Result<CheckedPan, InvalidCardError> {
  if (typeof input !== 'string') return err(invalidCard('pan', 'not_a_string'));
  if (input.length > PAN_INPUT_MAX_LENGTH) return err(invalidCard('pan', 'too_long'));
  const trimmed = input.trim();
  if (trimmed.length === 0) return err(invalidCard('pan', 'empty'));
  if (!PAN_INPUT_PATTERN.test(trimmed)) return err(invalidCard('pan', 'not_digits'));
  const digits = trimmed.replace(/[ -]/g, '');
  if (digits.length < 12) return err(invalidCard('pan', 'too_short'));
  if (digits.length > 19) return err(invalidCard('pan', 'too_long'));
  const brand = detectCardBrand(digits);
  if (brand === undefined) return err(invalidCard('pan', 'unsupported_brand'));
  if (!isIssuedLength(brand, digits.length)) return err(invalidCard('pan', 'bad_length'));
  if (!isLuhnValid(digits)) return err(invalidCard('pan', 'luhn_failed'));
  return ok({ digits, brand });
}
