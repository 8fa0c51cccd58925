/** The card brands the vault accepts, named as the networks name themselves. */
export type CardBrand =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'discover'
  | 'jcb'
  | 'unionpay'
  | 'diners'
  | 'maestro';

/** What the vault knows about one brand: the PAN lengths it issues and its security code size. */
export interface CardBrandRules {
  readonly panLengths: readonly number[];
  readonly securityCodeLength: number;
}

// Lengths and security code sizes per brand, as recorded in braintree/credit-card-type,
// src/lib/card-types.ts (commit d0b8d2a0f0d8b196bf745bec5c42513e263c85d0). Facts, not code.
const BRAND_RULES: Readonly<Record<CardBrand, CardBrandRules>> = {
  visa: { panLengths: [16, 18, 19], securityCodeLength: 3 },
  mastercard: { panLengths: [16], securityCodeLength: 3 },
  amex: { panLengths: [15], securityCodeLength: 4 },
  discover: { panLengths: [16, 19], securityCodeLength: 3 },
  jcb: { panLengths: [16, 17, 18, 19], securityCodeLength: 3 },
  unionpay: { panLengths: [14, 15, 16, 17, 18, 19], securityCodeLength: 3 },
  diners: { panLengths: [14, 16, 19], securityCodeLength: 3 },
  maestro: { panLengths: [12, 13, 14, 15, 16, 17, 18, 19], securityCodeLength: 3 },
};

/** One inclusive range of PAN prefixes; `from` and `to` have the same number of digits. */
export interface BinRange {
  readonly brand: CardBrand;
  readonly from: string;
  readonly to: string;
}

/**
 * Which leading digits belong to which brand. Source: the `patterns` of braintree/credit-card-type,
 * src/lib/card-types.ts (commit d0b8d2a0f0d8b196bf745bec5c42513e263c85d0), a card-type table that
 * library keeps current for its card-validator; facts only. Kept out on purpose: JCB's legacy
 * 1800/2131, and the Maestro patterns that overlap another brand or are catch-alls there (493698
 * inside Visa's 4, 63 shared with Elo and Hiper, the bare 6), so every PAN matches at most one
 * range. Elo, Mir, Hiper and Hipercard are not accepted; Elo's 65xxxx ranges read as Discover.
 */
export const BIN_RANGES: readonly BinRange[] = [
  { brand: 'visa', from: '4', to: '4' },
  { brand: 'mastercard', from: '51', to: '55' },
  { brand: 'mastercard', from: '2221', to: '2720' },
  { brand: 'amex', from: '34', to: '34' },
  { brand: 'amex', from: '37', to: '37' },
  { brand: 'discover', from: '6011', to: '6011' },
  { brand: 'discover', from: '644', to: '649' },
  { brand: 'discover', from: '65', to: '65' },
  { brand: 'jcb', from: '3528', to: '3589' },
  { brand: 'unionpay', from: '62', to: '62' },
  { brand: 'diners', from: '300', to: '305' },
  { brand: 'diners', from: '36', to: '36' },
  { brand: 'diners', from: '38', to: '39' },
  { brand: 'maestro', from: '500000', to: '504174' },
  { brand: 'maestro', from: '504176', to: '506698' },
  { brand: 'maestro', from: '506779', to: '508999' },
  { brand: 'maestro', from: '56', to: '59' },
  { brand: 'maestro', from: '67', to: '67' },
];

/** The rules of a brand. */
export function cardBrandRules(brand: CardBrand): CardBrandRules {
  return BRAND_RULES[brand];
}

/**
 * The brand whose range holds the PAN's leading digits, or `undefined`. Works on 6- and 8-digit
 * BINs alike: an 8-digit BIN begins with its brand's prefix, which is all a range looks at.
 */
export function detectCardBrand(digits: string): CardBrand | undefined {
  for (const range of BIN_RANGES) {
    const prefix = digits.slice(0, range.from.length);
    if (prefix.length === range.from.length && prefix >= range.from && prefix <= range.to) {
      return range.brand;
    }
  }
  return undefined;
}

/** The PAN lengths a brand issues. */
export function isIssuedLength(brand: CardBrand, panLength: number): boolean {
  return BRAND_RULES[brand].panLengths.includes(panLength);
}

/** Middle digits always hidden, whatever the PAN length (FAQ 1091's smallest removal). */
const HIDDEN_DIGITS_MIN = 4;

/**
 * How many leading digits the vault keeps in clear beside the last four, as the BIN.
 * ISO/IEC 7812-1:2017 moved issuers of PANs of 16 digits or more to 8-digit BINs (assigned from
 * April 2022), and PCI SSC FAQ 1492 lets masking show that whole BIN with the last four; 15-digit
 * American Express and shorter PANs keep 6. Capped so that at least four middle digits always stay
 * hidden: a 12-digit Maestro keeps only its first four.
 */
export function binLength(panLength: number): number {
  const bin = panLength >= 16 ? 8 : 6;
  return Math.min(bin, panLength - 4 - HIDDEN_DIGITS_MIN);
}
