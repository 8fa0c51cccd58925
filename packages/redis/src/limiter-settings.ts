import {
  assertRateLimitKey,
  assertRateLimitPoints,
  assertRateLimitPolicy,
  type RateLimitPolicy,
} from '@strongroom/kernel';

/**
 * A policy in rate-limiter-flexible's units. The library counts whole seconds (it stores windows
 * with `SET ... EX`), so a duration that is not a whole number of seconds is rounded up: a limit
 * may hold a little longer than asked, never shorter.
 */
export interface LimiterSettings {
  readonly points: number;
  readonly durationSeconds: number;
  /** 0 when the policy has no block: a refused key waits for its window to end. */
  readonly blockDurationSeconds: number;
  /** Equal for two policies exactly when they need the same limiter. */
  readonly identity: string;
}

function wholeSeconds(durationMs: number): number {
  return Math.ceil(durationMs / 1_000);
}

/** Checks a policy with the kernel's shared rules (policies are code) and converts its units. */
export function limiterSettings(policy: RateLimitPolicy): LimiterSettings {
  assertRateLimitPolicy(policy);
  const blockDurationMs = policy.blockDurationMs ?? 0;
  const durationSeconds = wholeSeconds(policy.durationMs);
  const blockDurationSeconds = wholeSeconds(blockDurationMs);
  return {
    points: policy.points,
    durationSeconds,
    blockDurationSeconds,
    identity: `${policy.name}/${policy.points}/${durationSeconds}/${blockDurationSeconds}`,
  };
}

/** Checks a rate-limit key and the points one call consumes (programmer errors when wrong). */
export function assertConsumption(key: string, points: number): void {
  assertRateLimitKey(key);
  assertRateLimitPoints(points);
}
