import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { assert } from '@strongroom/kernel';
import { constantTimeEqual } from '@strongroom/vault';

/** Recovery codes issued at enrollment. */
export const RECOVERY_CODE_COUNT = 10;
/** Most codes one user holds; also the most hashes {@link findRecoveryCode} scans. */
export const RECOVERY_CODE_COUNT_MAX = 20;
/**
 * Symbols in a code: 24 base32 symbols carry 120 random bits. NIST SP 800-63B §5.1.2.2 lets a
 * look-up secret of at least 112 bits be stored under a plain approved hash; a shorter one would
 * need a salted key-derivation function.
 */
export const RECOVERY_CODE_SYMBOLS = 24;
/** Symbols between dashes in the displayed form `xxxxxx-xxxxxx-xxxxxx-xxxxxx`. */
export const RECOVERY_CODE_GROUP_LENGTH = 6;
/** Longest input normalized; anything longer is refused unread. */
export const RECOVERY_CODE_INPUT_MAX_LENGTH = 64;

/** Codes to show the user once, and what to store: only the hashes, in the same order. */
export interface GeneratedRecoveryCodes {
  readonly codes: readonly string[];
  readonly hashes: readonly string[];
}

// Crockford's base32: no i, l, o or u, so a code read aloud or from paper is hard to mistype.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const NORMALIZED = new RegExp(`^[${ALPHABET}]{${RECOVERY_CODE_SYMBOLS}}$`);
const encoder = new TextEncoder();

/** A code in normalized form; 256 is a multiple of 32, so a byte's low five bits are uniform. */
function randomSymbols(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RECOVERY_CODE_SYMBOLS));
  return Array.from(bytes, (byte) => ALPHABET.charAt(byte & 31)).join('');
}

/** The displayed form: groups joined by dashes, easier to copy than one long run. */
function groupSymbols(symbols: string): string {
  const groups: string[] = [];
  for (let start = 0; start < symbols.length; start += RECOVERY_CODE_GROUP_LENGTH) {
    groups.push(symbols.slice(start, start + RECOVERY_CODE_GROUP_LENGTH));
  }
  return groups.join('-');
}

/**
 * SHA-256 in hex of a normalized code. A fast unsalted hash is enough here, unlike for
 * passwords: each code is 120 random bits (over NIST's 112-bit bar for look-up secrets), so
 * there is no dictionary to try and a stolen hash cannot be reversed by brute force.
 */
function hashRecoveryCode(normalized: string): string {
  return bytesToHex(sha256(encoder.encode(normalized)));
}

/** Fresh recovery codes (120 random bits each); the codes are shown once, the hashes stored. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): GeneratedRecoveryCodes {
  assert(
    Number.isInteger(count) && count >= 1 && count <= RECOVERY_CODE_COUNT_MAX,
    'recovery code count is 1 to 20',
  );
  const normalized = Array.from({ length: count }, randomSymbols);
  return { codes: normalized.map(groupSymbols), hashes: normalized.map(hashRecoveryCode) };
}

/**
 * The canonical form of typed input: lower case, without dashes or white space, with the
 * look-alikes Crockford's base32 folds (`o` → `0`, `i` and `l` → `1`). `undefined` when the
 * input cannot be a recovery code.
 */
export function normalizeRecoveryCode(input: string): string | undefined {
  if (typeof input !== 'string' || input.length > RECOVERY_CODE_INPUT_MAX_LENGTH) return undefined;
  const compact = input
    .toLowerCase()
    .replace(/[\s-]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return NORMALIZED.test(compact) ? compact : undefined;
}

/**
 * The index in `hashes` (the user's unused codes) that `input` matches, or -1. Every hash is
 * compared in constant time, with no early exit. On a match the caller removes that hash in the
 * same transaction that completes the sign-in, so each code works once.
 */
export function findRecoveryCode(hashes: readonly string[], input: string): number {
  assert(hashes.length <= RECOVERY_CODE_COUNT_MAX, 'at most 20 recovery code hashes');
  const normalized = normalizeRecoveryCode(input);
  if (normalized === undefined) return -1;
  const candidate = encoder.encode(hashRecoveryCode(normalized));
  let found = -1;
  hashes.forEach((hash, index) => {
    const equal = constantTimeEqual(candidate, encoder.encode(hash));
    if (equal && found === -1) found = index;
  });
  return found;
}
