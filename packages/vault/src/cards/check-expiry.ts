import { err, ok, type Result } from '@strongroom/kernel';
import { type InvalidCardError, invalidCard } from './card-error.js';

/** Years ahead of now an expiry may lie; issuers print five to ten. */
export const CARD_EXPIRY_YEARS_AHEAD_MAX = 20;

/** A card's expiry as printed: month 1–12 and a four-digit year. */
export interface CardExpiry {
  readonly month: number;
  readonly year: number;
}

/**
 * Validates a card expiry against the clock. A card is good through the last day of its expiry
 * month, so it is refused as `expired` only from the first instant of the next month (UTC; the
 * issuer's own time zone is unknown here). Two-digit years are refused as ambiguous.
 */
export function checkCardExpiry(
  month: unknown,
  year: unknown,
  now: Date,
): Result<CardExpiry, InvalidCardError> {
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12) {
    return err(invalidCard('expiryMonth', 'out_of_range'));
  }
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
    return err(invalidCard('expiryYear', 'not_four_digits'));
  }
  const nowYear = now.getUTCFullYear();
  const nowMonth = now.getUTCMonth() + 1;
  if (year < nowYear || (year === nowYear && month < nowMonth)) {
    return err(invalidCard(year < nowYear ? 'expiryYear' : 'expiryMonth', 'expired'));
  }
  if (year > nowYear + CARD_EXPIRY_YEARS_AHEAD_MAX) {
    return err(invalidCard('expiryYear', 'too_far_ahead'));
  }
  return ok({ month, year });
}

/** Whether an expiry that was valid once has passed at `now` (the month has ended, UTC). */
export function isCardExpired(expiry: CardExpiry, now: Date): boolean {
  return now.getTime() >= Date.UTC(expiry.year, expiry.month, 1);
}
