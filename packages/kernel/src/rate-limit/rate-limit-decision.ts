import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitDecision, RateLimitPolicy } from './rate-limiter.js';

/** What rate-limiter-flexible answers about a key (its `RateLimiterRes`), as the port reads it. */
export interface RateLimiterAnswer {
  readonly remainingPoints: number;
  /** Until the window or block ends; -1 for a key without expiry, possibly fractional. */
  readonly msBeforeNext: number;
}

/**
 * The port's decision from rate-limiter-flexible's answer, for every adapter that wraps it: a
 * refusal leaves nothing and says when to retry; times are whole milliseconds, never negative.
 */
export function rateLimitDecision(
  policy: RateLimitPolicy,
  allowed: boolean,
  answer: RateLimiterAnswer,
): RateLimitDecision {
  const resetAfterMs = Math.max(Math.round(answer.msBeforeNext), 0);
  return {
    allowed,
    limit: policy.points,
    remaining: allowed ? Math.max(answer.remainingPoints, 0) : 0,
    resetAfterMs,
    retryAfterMs: allowed ? 0 : resetAfterMs,
    degraded: false,
  };
}

/**
 * The decision of one rate-limiter-flexible consumption. The library resolves an allowed one and
 * rejects a refused one with its result object; any other rejection (a store failure) is rethrown
 * for the adapter to apply the policy's fail mode.
 */
export async function consumptionDecision(
  policy: RateLimitPolicy,
  consumption: Promise<RateLimiterAnswer>,
): Promise<RateLimitDecision> {
  try {
    return rateLimitDecision(policy, true, await consumption);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return rateLimitDecision(policy, false, outcome);
    throw outcome;
  }
}

/** The decision of a fail-open policy whose store failed: let through, nothing counted. */
export function degradedRateLimitDecision(policy: RateLimitPolicy): RateLimitDecision {
  return {
    allowed: true,
    limit: policy.points,
    remaining: policy.points,
    resetAfterMs: 0,
    retryAfterMs: 0,
    degraded: true,
  };
}
