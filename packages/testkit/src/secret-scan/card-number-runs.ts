import { isLuhnValid } from '@strongroom/audit';
import { detectCardBrand, isIssuedLength } from '@strongroom/vault';

// A whole run of digits, optionally grouped by single spaces or dashes as cards are printed
// (`4111 1111 1111 1111`), standing apart from letters. Runs are taken whole and digits inside a
// word are left alone: sliding a window over every long number, or reading the digits of a hex
// hash, would flag one candidate in ten, since that is how often random digits pass Luhn.
const DIGIT_RUN = /(?<![A-Za-z0-9])\d(?:[ -]?\d)*(?![A-Za-z0-9])/g;
const PAN_DIGITS = { min: 13, max: 19 } as const;

/**
 * Describes each card number in the text: a run of 13–19 digits that passes Luhn and has the
 * prefix and one of the lengths a card network issues (the vault's BIN table). The issuer check
 * keeps epoch-millisecond timestamps and large amounts, which pass Luhn one time in ten, out.
 * The description names brand and length only, never the digits.
 */
export function cardNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length < PAN_DIGITS.min || digits.length > PAN_DIGITS.max) continue;
    if (!isLuhnValid(digits)) continue;
    const brand = detectCardBrand(digits);
    if (brand !== undefined && isIssuedLength(brand, digits.length)) {
      found.push(`${brand} card number of ${digits.length} digits`);
    }
  }
  return found;
}
