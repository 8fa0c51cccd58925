import { isLuhnValid } from '@strongroom/audit';
import type { CardInput } from '@strongroom/vault';

/**
 * Published test card numbers: Luhn-valid and never issued to anyone. Source: Stripe's testing
 * documentation (docs.stripe.com/testing), with the security-code lengths the brands print.
 */
export const PUBLISHED_TEST_PANS = {
  visa: '4242424242424242',
  visaDebit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercardSeries2: '2223003122003222',
  amex: '378282246310005',
  amexAlternate: '371449635398431',
  discover: '6011111111111117',
  jcb: '3566002020360505',
} as const;

/** The Luhn check digit that completes `payload` into a valid number. */
export function luhnCheckDigit(payload: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (isLuhnValid(`${payload}${digit}`)) return String(digit);
  }
  throw new Error('unreachable: one of ten check digits always completes a Luhn number');
}

/**
 * `count` distinct random Luhn-valid 16-digit Visa numbers (prefix 4), so that batches never
 * collide with the published ones or with each other. Their last four digits start with `0`, so
 * the last four the vault keeps in clear never equal one of the suite's four-digit security codes
 * (none starts with `0`), which the scan would rightly flag.
 */
export function randomVisaPans(count: number): string[] {
  const pans = new Set<string>();
  while (pans.size < count) {
    const digits = Array.from(crypto.getRandomValues(new Uint8Array(11)), (byte) => byte % 10);
    const tail = Array.from(crypto.getRandomValues(new Uint8Array(2)), (byte) => byte % 10);
    const payload = `4${digits.join('')}0${tail.join('')}`;
    pans.add(`${payload}${luhnCheckDigit(payload)}`);
  }
  return [...pans];
}

/** The same number with its last digit changed, so that it fails the Luhn check. */
export function breakLuhn(pan: string): string {
  const last = Number(pan.at(-1));
  return `${pan.slice(0, -1)}${(last + 1) % 10}`;
}

/** The cardholder name of every card input that names none. */
export const SUITE_CARDHOLDER_NAME = 'Grace Hopper';

/** A card input that validates against the suite's clock (2026), overridable field by field. */
export function cardInput(pan: string, overrides: Partial<CardInput> = {}): CardInput {
  return {
    pan,
    expiryMonth: 11,
    expiryYear: 2031,
    cardholderName: SUITE_CARDHOLDER_NAME,
    ...overrides,
  };
}
