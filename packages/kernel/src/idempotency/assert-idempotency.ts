import { isStorableText } from '../cache/storable-text.js';
import { assert } from '../errors/assert.js';
import {
  IDEMPOTENCY_FINGERPRINT_MAX_LENGTH,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_LEASE_ID_MAX_LENGTH,
  IDEMPOTENCY_LEASE_MAX_MS,
  IDEMPOTENCY_TTL_MAX_MS,
  type IdempotencyClaimOptions,
} from './idempotency-store.js';

function isBoundedText(text: string, maxLength: number): boolean {
  return text.length >= 1 && text.length <= maxLength && isStorableText(text);
}

function isDuration(durationMs: number, maxMs: number): boolean {
  return Number.isSafeInteger(durationMs) && durationMs >= 1 && durationMs <= maxMs;
}

/**
 * Checks an idempotency key as every {@link IdempotencyStore} adapter must. The key has been
 * validated and scoped by the caller (the HTTP layer answers a bad client key with a 400), so a
 * bad one here is a bug and throws.
 */
export function assertIdempotencyKey(key: string): void {
  assert(
    isBoundedText(key, IDEMPOTENCY_KEY_MAX_LENGTH),
    `idempotency keys are 1-${IDEMPOTENCY_KEY_MAX_LENGTH} characters of well-formed text without U+0000`,
  );
}

/** Checks a claim's fingerprint, lease and time to live; see {@link assertIdempotencyKey}. */
export function assertIdempotencyClaim(
  fingerprint: string,
  options: IdempotencyClaimOptions,
): void {
  assert(
    isBoundedText(fingerprint, IDEMPOTENCY_FINGERPRINT_MAX_LENGTH),
    `fingerprints are 1-${IDEMPOTENCY_FINGERPRINT_MAX_LENGTH} characters of well-formed text without U+0000`,
  );
  assert(
    isDuration(options.leaseMs, IDEMPOTENCY_LEASE_MAX_MS),
    `an idempotency lease is an integer from 1 to ${IDEMPOTENCY_LEASE_MAX_MS} ms`,
  );
  assert(
    isDuration(options.ttlMs, IDEMPOTENCY_TTL_MAX_MS),
    `an idempotency time to live is an integer from 1 to ${IDEMPOTENCY_TTL_MAX_MS} ms`,
  );
}

/** Checks a lease id handed back to `complete` or `release`; see {@link assertIdempotencyKey}. */
export function assertIdempotencyLeaseId(leaseId: string): void {
  assert(
    isBoundedText(leaseId, IDEMPOTENCY_LEASE_ID_MAX_LENGTH),
    `lease ids are 1-${IDEMPOTENCY_LEASE_ID_MAX_LENGTH} characters of well-formed text without U+0000`,
  );
}
