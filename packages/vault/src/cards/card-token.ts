import { containsCardNumber } from '@strongroom/audit';
import {
  assert,
  err,
  ID_PREFIXES,
  ok,
  type Result,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import { randomBytes } from '../crypto/random-bytes.js';

declare const cardTokenBrand: unique symbol;

/** A card token: `tok_` and 32 Crockford base32 characters of 160 random bits. */
export type CardToken = string & { readonly [cardTokenBrand]: true };

/** Random bytes behind each token: 160 bits, above the 128 the vault promises. */
export const CARD_TOKEN_RANDOM_BYTES = 20;

// Crockford's base32 alphabet in lowercase, as TypeIDs spell their suffix.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TOKEN_PATTERN = new RegExp(`^${ID_PREFIXES.token}_[${ALPHABET}]{32}$`);
// A draw is redone when it reads like a card number; the chance is about 1e-5 per draw, so more
// than a handful of redraws means the CSPRNG is broken.
const DRAWS_MAX = 16;

function encodeBase32(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) text += ALPHABET[(buffer << (5 - bits)) & 31];
  return text;
}

/**
 * Mints a token from the platform CSPRNG alone, not from the `IdGenerator`: a token must be
 * unguessable whatever generator is plugged in, and a time-ordered id would disclose when the
 * card was saved. A draw whose text holds a Luhn-valid 12–19 digit run is redrawn, so a token
 * never trips a card-number scanner (the audit log refuses such identifiers outright).
 */
export function mintCardToken(): CardToken {
  for (let draw = 0; draw < DRAWS_MAX; draw += 1) {
    const token = `${ID_PREFIXES.token}_${encodeBase32(randomBytes(CARD_TOKEN_RANDOM_BYTES))}`;
    if (!containsCardNumber(token)) return token as CardToken;
  }
  assert(false, 'the CSPRNG kept drawing card-number-like tokens');
}

/** Parses a token from untrusted input; the error names the field, never the value. */
export function parseCardToken(input: unknown): Result<CardToken, ValidationError> {
  if (typeof input !== 'string') return err(validationError('token', 'not_a_string'));
  return TOKEN_PATTERN.test(input)
    ? ok(input as CardToken)
    : err(validationError('token', 'bad_format'));
}
