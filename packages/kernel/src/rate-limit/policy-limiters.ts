import { assert } from '../errors/assert.js';
import { type LimiterSettings, limiterSettings } from './limiter-settings.js';
import type { RateLimitPolicy } from './rate-limiter.js';

/** Most distinct policies one limiter keeps a library instance for; policies are code, not data. */
export const RATE_LIMIT_POLICIES_MAX = 1_000;

/**
 * The library instance of each policy, for adapters that hold one rate-limiter-flexible limiter
 * per policy (Redis, the process): `create` runs once per distinct {@link LimiterSettings}, and
 * the returned function checks every policy it is given. More than
 * {@link RATE_LIMIT_POLICIES_MAX} distinct policies is a bug (policies built from input), so it
 * throws rather than growing without bound.
 */
export function policyLimiters<Limiter>(
  create: (settings: LimiterSettings) => Limiter,
): (policy: RateLimitPolicy) => Limiter {
  const limiters = new Map<string, Limiter>();
  return (policy) => {
    const settings = limiterSettings(policy);
    const known = limiters.get(settings.identity);
    if (known !== undefined) return known;
    assert(limiters.size < RATE_LIMIT_POLICIES_MAX, 'too many distinct rate-limit policies');
    const limiter = create(settings);
    limiters.set(settings.identity, limiter);
    return limiter;
  };
}
