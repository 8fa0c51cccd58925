import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { assert } from '@strongroom/kernel';
import { constantTimeEqual } from '@strongroom/vault';

/** Digits of a code sent by SMS. */
export const ONE_TIME_CODE_DIGITS = 6;
/** How long a code stays usable unless the caller says otherwise: five minutes. */
export const ONE_TIME_CODE_TTL_DEFAULT_MS = 5 * 60_000;
/** Longest lifetime a caller may give a code. */
export const ONE_TIME_CODE_TTL_MAX_MS = 15 * 60_000;
/** Wrong guesses allowed per code unless the caller says otherwise. */
export const ONE_TIME_CODE_ATTEMPTS_DEFAULT = 5;
/** Most wrong guesses a caller may allow per code. */
export const ONE_TIME_CODE_ATTEMPTS_MAX = 10;
/** Bytes of the random per-code HMAC key. */
export const ONE_TIME_CODE_SALT_BYTES = 16;

/**
 * What the caller stores for an issued code; strings and numbers only, so it serializes as JSON.
 *
 * `hash` is HMAC-SHA-256 of the code keyed by `salt`, random per code. That hides the code from a
 * casual reader of the store and makes equal codes look different, but six digits are a million
 * possibilities, so anyone holding the record can still find the code offline in moments. The
 * defence is therefore not the hash: it is the short lifetime and the attempt limit, both
 * enforced by {@link checkOneTimeCode}.
 */
export interface OneTimeCodeRecord {
  readonly hash: string;
  readonly salt: string;
  readonly expiresAtMs: number;
  readonly attempts: number;
}

/** A new code: `code` goes to the user's phone, `record` to storage. */
export interface IssuedOneTimeCode {
  readonly code: string;
  readonly record: OneTimeCodeRecord;
}

/**
 * The verdict. On `valid` the caller deletes the record (a code works once); on `invalid` it
 * stores the returned record, whose attempt count went up; `expired` and `exhausted` mean the
 * user must ask for a new code.
 */
export type OneTimeCodeCheck =
  | { readonly outcome: 'valid' }
  | { readonly outcome: 'invalid'; readonly record: OneTimeCodeRecord }
  | { readonly outcome: 'expired' }
  | { readonly outcome: 'exhausted' };

/** When to issue a code and for how long it may be used. */
export interface OneTimeCodeRequest {
  /** Epoch milliseconds from the `Clock` port. */
  readonly nowMs: number;
  readonly ttlMs?: number | undefined;
}

const CODE_SPACE = 10 ** ONE_TIME_CODE_DIGITS;
// The largest multiple of 10^6 below 2^32: values at or above it would favour low codes.
const UNBIASED_LIMIT = Math.floor(2 ** 32 / CODE_SPACE) * CODE_SPACE;
// Each draw is rejected with probability 0.00023, so 16 rejections in a row mean a broken RNG.
const DRAWS_MAX = 16;
const CODE_SHAPE = new RegExp(`^[0-9]{${ONE_TIME_CODE_DIGITS}}$`);
const HASH_SHAPE = /^[0-9a-f]{64}$/;
const SALT_SHAPE = new RegExp(`^[0-9a-f]{${ONE_TIME_CODE_SALT_BYTES * 2}}$`);
const encoder = new TextEncoder();

/** A uniformly random code of six digits, by rejection sampling of 32-bit random values. */
function uniformCode(): string {
  const draws = crypto.getRandomValues(new Uint32Array(DRAWS_MAX));
  const value = draws.find((draw) => draw < UNBIASED_LIMIT);
  assert(value !== undefined, 'the random source returns unbiased values');
  return String(value % CODE_SPACE).padStart(ONE_TIME_CODE_DIGITS, '0');
}

function codeTag(salt: Uint8Array, code: string): Uint8Array {
  return hmac(sha256, salt, encoder.encode(code));
}

/** Issues a code for SMS delivery, valid from `nowMs` for `ttlMs` (default five minutes). */
export function issueOneTimeCode(request: OneTimeCodeRequest): IssuedOneTimeCode {
  const { nowMs, ttlMs = ONE_TIME_CODE_TTL_DEFAULT_MS } = request;
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0, 'nowMs is epoch milliseconds');
  assert(
    Number.isSafeInteger(ttlMs) && ttlMs > 0 && ttlMs <= ONE_TIME_CODE_TTL_MAX_MS,
    'a one-time code lives 1 ms to 15 minutes',
  );
  const code = uniformCode();
  const salt = crypto.getRandomValues(new Uint8Array(ONE_TIME_CODE_SALT_BYTES));
  const hash = bytesToHex(codeTag(salt, code));
  return {
    code,
    record: { hash, salt: bytesToHex(salt), expiresAtMs: nowMs + ttlMs, attempts: 0 },
  };
}

/** Records come back from storage: a malformed one is corrupt data, a programmer error. */
function assertRecord(record: OneTimeCodeRecord): void {
  assert(
    HASH_SHAPE.test(record.hash) &&
      SALT_SHAPE.test(record.salt) &&
      Number.isSafeInteger(record.expiresAtMs) &&
      Number.isSafeInteger(record.attempts) &&
      record.attempts >= 0,
    'a one-time code record has a hex hash and salt and integer expiry and attempts',
  );
}

/**
 * Checks typed input against a stored code. Expiry is checked first, then the attempt limit, so
 * after `maxAttempts` wrong guesses even the right code is refused. Input that is not six digits
 * counts as a wrong guess; the comparison of tags is constant-time.
 */
export function checkOneTimeCode(
  record: OneTimeCodeRecord,
  input: string,
  nowMs: number,
  maxAttempts = ONE_TIME_CODE_ATTEMPTS_DEFAULT,
): OneTimeCodeCheck {
  assertRecord(record);
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0, 'nowMs is epoch milliseconds');
  assert(
    Number.isInteger(maxAttempts) && maxAttempts >= 1 && maxAttempts <= ONE_TIME_CODE_ATTEMPTS_MAX,
    'maxAttempts is 1 to 10',
  );
  if (nowMs >= record.expiresAtMs) return { outcome: 'expired' };
  if (record.attempts >= maxAttempts) return { outcome: 'exhausted' };
  const wellFormed = typeof input === 'string' && CODE_SHAPE.test(input);
  const tag = wellFormed ? codeTag(hexToBytes(record.salt), input) : undefined;
  if (tag !== undefined && constantTimeEqual(tag, hexToBytes(record.hash))) {
    return { outcome: 'valid' };
  }
  return { outcome: 'invalid', record: { ...record, attempts: record.attempts + 1 } };
}
