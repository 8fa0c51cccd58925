import { assert } from '../errors/assert.js';
import {
  RATE_LIMIT_CONSUMPTIONS_MAX,
  RATE_LIMIT_KEY_MAX_LENGTH,
  RATE_LIMIT_POLICY_NAME_MAX_LENGTH,
  RATE_LIMIT_POLICY_NAME_PATTERN,
  type RateLimitConsumption,
  type RateLimitPolicy,
} from './rate-limiter.js';

// The port's floor for a window and a block: below a second, windows would measure little but
// the clock skew between the processes sharing a store.
const RATE_LIMIT_DURATION_MIN_MS = 1000;

/**
 * Checks a policy as every {@link RateLimiter} adapter must: policies are written in code, so a
 * bad one is a programmer error and throws rather than returning a result.
 */
export function assertRateLimitPolicy(policy: RateLimitPolicy): void {
  assert(
    policy.name.length <= RATE_LIMIT_POLICY_NAME_MAX_LENGTH &&
      RATE_LIMIT_POLICY_NAME_PATTERN.test(policy.name),
    `rate-limit policy names are up to ${RATE_LIMIT_POLICY_NAME_MAX_LENGTH} characters of lowercase dotted segments`,
  );
  assert(
    Number.isSafeInteger(policy.points) && policy.points >= 1,
    'a rate-limit policy allows at least 1 point',
  );
  assert(
    Number.isSafeInteger(policy.durationMs) && policy.durationMs >= RATE_LIMIT_DURATION_MIN_MS,
    `a rate-limit window is an integer of at least ${RATE_LIMIT_DURATION_MIN_MS} ms`,
  );
  assert(
    policy.blockDurationMs === undefined ||
      (Number.isSafeInteger(policy.blockDurationMs) &&
        policy.blockDurationMs >= RATE_LIMIT_DURATION_MIN_MS),
    `a rate-limit block is an integer of at least ${RATE_LIMIT_DURATION_MIN_MS} ms`,
  );
  assert(
    policy.failMode === 'closed' || policy.failMode === 'open',
    'a rate-limit policy fails closed or open',
  );
}

/** Checks a key; keys are derived by code (a blind index, an address), so a bad one is a bug. */
export function assertRateLimitKey(key: string): void {
  assert(
    key.length >= 1 && key.length <= RATE_LIMIT_KEY_MAX_LENGTH,
    `rate-limit keys are 1-${RATE_LIMIT_KEY_MAX_LENGTH} characters`,
  );
}

/** Checks the points one call consumes. */
export function assertRateLimitPoints(points: number): void {
  assert(Number.isSafeInteger(points) && points >= 1, 'a consumption takes at least 1 point');
}

/** Checks a `consumeMany` call as every adapter must: 1 to the maximum, each one well-formed. */
export function assertRateLimitConsumptions(consumptions: readonly RateLimitConsumption[]): void {
  assert(
    consumptions.length >= 1 && consumptions.length <= RATE_LIMIT_CONSUMPTIONS_MAX,
    `consumeMany takes 1 to ${RATE_LIMIT_CONSUMPTIONS_MAX} consumptions`,
  );
  for (const { policy, key, points = 1 } of consumptions) {
    assertRateLimitPolicy(policy);
    assertRateLimitKey(key);
    assertRateLimitPoints(points);
  }
}
