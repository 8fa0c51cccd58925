import type { RateLimitDecision, RateLimitPolicy } from '@strongroom/kernel';
import type { RateLimiterRes } from 'rate-limiter-flexible';

// The library reports -1 for a key without expiry; the port counts time left, never negative.
function timeLeftMs(answer: RateLimiterRes): number {
  return Math.max(answer.msBeforeNext, 0);
}

/** The decision for a consumption the library let through. */
export function allowedDecision(
  policy: RateLimitPolicy,
  answer: RateLimiterRes,
): RateLimitDecision {
  return {
    allowed: true,
    limit: policy.points,
    remaining: Math.max(answer.remainingPoints, 0),
    resetAfterMs: timeLeftMs(answer),
    retryAfterMs: 0,
    degraded: false,
  };
}

/** The decision for a consumption the library refused: nothing left until the window or block ends. */
export function refusedDecision(
  policy: RateLimitPolicy,
  answer: RateLimiterRes,
): RateLimitDecision {
  return {
    allowed: false,
    limit: policy.points,
    remaining: 0,
    resetAfterMs: timeLeftMs(answer),
    retryAfterMs: timeLeftMs(answer),
    degraded: false,
  };
}

/** The decision of a fail-open policy whose store failed: let through, nothing counted. */
export function degradedDecision(policy: RateLimitPolicy): RateLimitDecision {
  return {
    allowed: true,
    limit: policy.points,
    remaining: policy.points,
    resetAfterMs: 0,
    retryAfterMs: 0,
    degraded: true,
  };
}
