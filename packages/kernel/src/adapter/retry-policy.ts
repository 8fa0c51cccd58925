import { assert } from '../errors/assert.js';

/** How often and how patiently a conflicting transaction is run again. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Backoff ceiling of the first retry; doubles per retry. */
  readonly baseDelayMs: number;
  /** Backoff never exceeds this. */
  readonly maxDelayMs: number;
}

/** Ten attempts with full-jitter backoff from 2 ms to 200 ms: ~1 s worst case in total. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 2,
  maxDelayMs: 200,
};

/** The most attempts any policy may allow: a budget must be a budget. */
export const RETRY_ATTEMPTS_MAX = 100;

/** Checks a policy's numbers; policies are configuration written by programmers. */
export function assertRetryPolicy(policy: RetryPolicy): void {
  assert(
    Number.isInteger(policy.maxAttempts) &&
      policy.maxAttempts >= 1 &&
      policy.maxAttempts <= RETRY_ATTEMPTS_MAX,
    `maxAttempts must be an integer from 1 to ${RETRY_ATTEMPTS_MAX}`,
  );
  assert(
    policy.baseDelayMs >= 0 && policy.maxDelayMs >= policy.baseDelayMs,
    'delays must be ordered',
  );
}

/**
 * Full-jitter exponential backoff (a uniform draw below the capped exponential): spreads
 * colliding retries apart so they do not collide again in lockstep.
 */
export function backoffDelayMs(policy: RetryPolicy, retryNumber: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.random() * ceiling;
}
