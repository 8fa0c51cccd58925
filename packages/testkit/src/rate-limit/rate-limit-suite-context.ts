import {
  type RateLimitDecision,
  type RateLimiter,
  type RateLimitPolicy,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import type { TimedSuiteContext } from '../timed-store/timed-suite-context.js';
import type { RateLimiterUnderTest } from './rate-limiter-backend.js';

/** What every group of rate-limiter cases receives. */
export type RateLimitSuiteContext = TimedSuiteContext<RateLimiterUnderTest>;

/**
 * The window of most cases: the port's shortest, so a backend that keeps its own time waits
 * about a second per case that lets a window end.
 */
export const WINDOW_MS = 1000;

/** A window no case outlives: counts that must not reset during the case use it. */
export const LONG_WINDOW_MS = 60_000;

/** A fail-closed policy of 3 points per {@link WINDOW_MS}, with any field changed. */
export function suitePolicy(changes: Partial<RateLimitPolicy> = {}): RateLimitPolicy {
  return {
    name: 'testkit.suite',
    points: 3,
    durationMs: WINDOW_MS,
    failMode: 'closed',
    ...changes,
  };
}

/** Consumes and unwraps: a store failure fails the case. */
export async function consumed(
  limiter: RateLimiter,
  tenantId: TenantId,
  policy: RateLimitPolicy,
  key: string,
  points?: number,
): Promise<RateLimitDecision> {
  return unwrapOrThrow(await limiter.consume(tenantId, policy, key, points));
}

/** Spends every point of the key's window. */
export async function spend(
  limiter: RateLimiter,
  tenantId: TenantId,
  policy: RateLimitPolicy,
  key: string,
): Promise<void> {
  for (let point = 0; point < policy.points; point += 1) {
    await consumed(limiter, tenantId, policy, key);
  }
}
