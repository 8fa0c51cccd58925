import { err, ok, type Result } from '@strongroom/kernel';
import type { CardBrand } from './card-brand.js';
import { type InvalidCardError, invalidCard } from './card-error.js';
import { checkCardholderName } from './check-cardholder-name.js';
import { checkCvv } from './check-cvv.js';
import { type CardExpiry, checkCardExpiry } from './check-expiry.js';
import { checkPan } from './check-pan.js';
import { checkTokenExpiry } from './check-token-expiry.js';

/** A card as a caller hands it over for tokenization. */
export interface CardInput {
  /** 12–19 digits, optionally grouped by single spaces or dashes. */
  readonly pan: string;
  readonly expiryMonth: number;
  /** Four digits. */
  readonly expiryYear: number;
  readonly cardholderName: string;
  /** The security code, held encrypted only until authorization (PCI DSS 3.3.1/3.3.2). */
  readonly cvv?: string;
  /** When the token stops working; absent, it lives until deleted. */
  readonly expiresAt?: Date;
}

/** A card input that passed every check. */
export interface ValidatedCard {
  readonly pan: string;
  readonly brand: CardBrand;
  readonly expiry: CardExpiry;
  readonly cardholderName: string;
  readonly cvv: string | null;
  readonly tokenExpiresAt: Date | null;
}

/**
 * Validates a card input: PAN (brand, length, Luhn), expiry, cardholder name, security code and
 * token lifetime, in that order, stopping at the first problem. Pure: `now` is passed in.
 */
export function validateCardInput(
  input: CardInput,
  now: Date,
): Result<ValidatedCard, InvalidCardError> {
  if (typeof input !== 'object' || input === null) return err(invalidCard('pan', 'missing'));
  const pan = checkPan(input.pan);
  if (pan.isErr()) return err(pan.error);
  const expiry = checkCardExpiry(input.expiryMonth, input.expiryYear, now);
  if (expiry.isErr()) return err(expiry.error);
  const name = checkCardholderName(input.cardholderName);
  if (name.isErr()) return err(name.error);
  let cvv: string | null = null;
  if (input.cvv !== undefined) {
    const checked = checkCvv(input.cvv, pan.value.brand);
    if (checked.isErr()) return err(checked.error);
    cvv = checked.value;
  }
  const tokenExpiresAt = checkTokenExpiry(input.expiresAt, now);
  if (tokenExpiresAt.isErr()) return err(tokenExpiresAt.error);
  return ok({
    pan: pan.value.digits,
    brand: pan.value.brand,
    expiry: expiry.value,
    cardholderName: name.value,
    cvv,
    tokenExpiresAt: tokenExpiresAt.value,
  });
}
