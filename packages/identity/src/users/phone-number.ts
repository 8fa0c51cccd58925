import { err, ok, type Result, type ValidationError, validationError } from '@strongroom/kernel';

// ITU-T E.164: a plus sign, a country code that does not start with 0, at most 15 digits in all.
const E164 = /^\+[1-9][0-9]{1,14}$/;

/**
 * An E.164 phone number (`+14155550123`). Spaces, dashes, dots and parentheses that people type
 * are removed; anything else must already be in international form, since guessing a country
 * from a local number sends one-time codes to strangers.
 */
export function parsePhoneNumber(input: unknown): Result<string, ValidationError> {
  if (typeof input !== 'string') return err(validationError('phone', 'not_a_string'));
  if (input.length > 32) return err(validationError('phone', 'too_long'));
  const compact = input.replace(/[\s().-]/g, '');
  if (!E164.test(compact)) return err(validationError('phone', 'bad_format'));
  return ok(compact);
}
