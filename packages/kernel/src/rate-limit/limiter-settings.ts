import { assertRateLimitPolicy } from './assert-rate-limit.js';
import type { RateLimitPolicy } from './rate-limiter.js';

/**
 * A policy in rate-limiter-flexible's units. The library counts whole seconds (Redis stores
 * windows with `SET ... EX`, its memory store arms second-based timers), so a duration that is not
 * a whole number of seconds is rounded up: a limit may hold a little longer than asked, never
 * shorter.
 */
export interface LimiterSettings {
  readonly points: number;
  readonly durationSeconds: number;
  /** 0 when the policy has no block: a refused key waits for its window to end. */
  readonly blockDurationSeconds: number;
  /** Equal for two policies exactly when they need the same library instance. */
  readonly identity: string;
}

function wholeSeconds(durationMs: number): number {
  return Math.ceil(durationMs / 1_000);
}

/** Checks a policy with the port's shared rules (policies are code) and converts its units. */
export function limiterSettings(policy: RateLimitPolicy): LimiterSettings {
  assertRateLimitPolicy(policy);
  const durationSeconds = wholeSeconds(policy.durationMs);
  const blockDurationSeconds = wholeSeconds(policy.blockDurationMs ?? 0);
  return {
    points: policy.points,
    durationSeconds,
    blockDurationSeconds,
    identity: `${policy.name}/${policy.points}/${durationSeconds}/${blockDurationSeconds}`,
  };
}
