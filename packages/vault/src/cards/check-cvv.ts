import { err, ok, type Result } from '@strongroom/kernel';
import { type CardBrand, cardBrandRules } from './card-brand.js';
import { type InvalidCardError, invalidCard } from './card-error.js';

/**
 * Validates a card security code (CVV2, CVC2, CID): digits only, as many as the brand prints
 * (four for American Express, three for the others). Errors never carry the digits.
 */
export function checkCvv(input: unknown, brand: CardBrand): Result<string, InvalidCardError> {
  if (typeof input !== 'string') return err(invalidCard('cvv', 'not_a_string'));
  if (!/^\d{1,8}$/.test(input)) return err(invalidCard('cvv', 'not_digits'));
  if (input.length !== cardBrandRules(brand).securityCodeLength) {
    return err(invalidCard('cvv', 'bad_length'));
  }
  return ok(input);
}
