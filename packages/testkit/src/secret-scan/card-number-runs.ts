import { isLuhnValid } from '@strongroom/audit';
import { detectCardBrand, isIssuedLength } from '@strongroom/vault';

// A whole run of digits, optionally grouped by single spaces or dashes as cards are printed
// (`4111 1111 1111 1111`), standing apart from letters. Runs are taken whole and digits inside a
// word are left alone: sliding a window over every long number, or reading the digits of a hex
// hash, would flag one candidate in ten, since that is how often random digits pass Luhn.
const DIGIT_RUN = /(?<![A-Za-z0-9])\d(?:[ -]?\d)*(?![A-Za-z0-9])/g;
const PAN_DIGITS = { min: 13, max: 19 } as const;
// Printed card numbers come in groups of 4 to 6 digits (4-4-4-4, Amex 4-6-5). A grouped run with
// a longer group is something else: a UUID whose first groups happen to be all digits
// (`40000000-0000-4…`) would otherwise read as a Visa number one time in a few hundred thousand,
// and DynamoDB items carry a random UUID per commit.
const PRINTED_GROUP_DIGITS_MAX = 6;

// The last `"key":` before a position, as JSON writes keys (escaped too, in JSON stored as text).
const JSON_KEY = /\\*"([A-Za-z0-9_$.#-]{1,40})\\*"\s*:/g;
// A key holding this many digits could be a card number itself: it is not repeated.
const KEY_DIGITS_SHOWN_MAX = 11;

// Where in a row a match sits, for the report: the JSON key it follows, never a value.
function placeOf(text: string, index: number): string {
  let key: string | undefined;
  for (const match of text.slice(Math.max(0, index - 2_000), index).matchAll(JSON_KEY)) {
    key = match[1];
  }
  if (key === undefined) return '';
  const digits = key.replace(/\D/g, '').length;
  return digits > KEY_DIGITS_SHOWN_MAX ? ' after a key holding digits' : ` after "${key}"`;
}

/**
 * Describes each card number in the text: a run of 13–19 digits (whole, or in printed groups)
 * that passes Luhn and has the prefix and one of the lengths a card network issues (the vault's
 * BIN table). The issuer check
 * keeps epoch-millisecond timestamps and large amounts, which pass Luhn one time in ten, out.
 * The description names brand, length and the JSON key it follows, never the digits.
 */
export function cardNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const groups = match[0].split(/[ -]/);
    if (groups.length > 1 && groups.some((group) => group.length > PRINTED_GROUP_DIGITS_MAX)) {
      continue;
    }
    const digits = groups.join('');
    if (digits.length < PAN_DIGITS.min || digits.length > PAN_DIGITS.max) continue;
    if (!isLuhnValid(digits)) continue;
    const brand = detectCardBrand(digits);
    if (brand !== undefined && isIssuedLength(brand, digits.length)) {
      found.push(`${brand} card number of ${digits.length} digits${placeOf(text, match.index)}`);
    }
  }
  return found;
}
