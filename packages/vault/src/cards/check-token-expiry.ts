import { err, ok, type Result } from '@strongroom/kernel';
import { type InvalidCardError, invalidCard } from './card-error.js';
import { CARD_TOKEN_LIFETIME_MAX_MS } from './card-limits.js';

/**
 * Validates the optional lifetime end of a new token: a valid date after `now`, at most
 * {@link CARD_TOKEN_LIFETIME_MAX_MS} ahead. `undefined` means the token lives until deleted.
 */
export function checkTokenExpiry(input: unknown, now: Date): Result<Date | null, InvalidCardError> {
  if (input === undefined) return ok(null);
  if (!(input instanceof Date) || Number.isNaN(input.getTime())) {
    return err(invalidCard('expiresAt', 'not_a_date'));
  }
  if (input.getTime() <= now.getTime()) return err(invalidCard('expiresAt', 'not_in_future'));
  if (input.getTime() - now.getTime() > CARD_TOKEN_LIFETIME_MAX_MS) {
    return err(invalidCard('expiresAt', 'too_far_ahead'));
  }
  return ok(new Date(input.getTime()));
}
