import type { RateLimitDecision, RateLimiter, RateLimitPolicy, TenantId } from '@strongroom/kernel';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from '../http-env.js';
import { domainProblem } from '../problems/domain-problem.js';
import { httpProblem } from '../problems/problem-details.js';

/** The policies of the HTTP edge: per signed-in user, and per client address before sign-in. */
export interface HttpRateLimits {
  readonly principal: RateLimitPolicy;
  readonly address: RateLimitPolicy;
}

/**
 * Defaults: 1,200 requests a minute per user, 120 per address on public routes. Both fail open:
 * they protect capacity, while the limits that guard secrets (logins, codes) are identity's own
 * and fail closed.
 */
export const HTTP_RATE_LIMITS_DEFAULT: HttpRateLimits = Object.freeze({
  principal: {
    name: 'http.principal',
    points: 1200,
    durationMs: 60_000,
    failMode: 'open' as const,
  },
  address: { name: 'http.address', points: 120, durationMs: 60_000, failMode: 'open' as const },
});

/** Where a request is counted: its tenant and the key within it. */
export interface RateLimitSubject {
  readonly tenantId: TenantId;
  readonly key: string;
}

function seconds(milliseconds: number): string {
  return String(Math.ceil(milliseconds / 1000));
}

// IETF draft-ietf-httpapi-ratelimit-headers (08 onwards): the named policy with its quota `q`
// and window `w` in seconds, and the current state: remaining `r` and seconds to reset `t`.
function rateLimitHeaders(policy: RateLimitPolicy, decision: RateLimitDecision) {
  const name = `"${policy.name}"`;
  return {
    'ratelimit-policy': `${name};q=${policy.points};w=${seconds(policy.durationMs)}`,
    ratelimit: `${name};r=${decision.remaining};t=${seconds(decision.resetAfterMs)}`,
  };
}

/**
 * Counts the request against the signed-in user's policy, or the client address's on public
 * routes, and answers 429 with `Retry-After` once it is spent. Every answer carries the
 * `RateLimit` and `RateLimit-Policy` headers.
 */
export function rateLimit(
  limiter: RateLimiter,
  limits: HttpRateLimits,
  publicSubject: (c: Context<HttpEnv>) => RateLimitSubject,
) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const principal = c.get('principal');
    const policy = principal === undefined ? limits.address : limits.principal;
    const subject =
      principal === undefined
        ? publicSubject(c)
        : { tenantId: principal.tenantId, key: `user:${principal.userId}` };
    const decision = await limiter.consume(subject.tenantId, policy, subject.key);
    if (decision.isErr()) throw domainProblem(decision.error);
    const headers = rateLimitHeaders(policy, decision.value);
    if (!decision.value.allowed) {
      throw httpProblem(
        429,
        'request.rate_limited',
        'Too many requests',
        { retryAfterMs: decision.value.retryAfterMs },
        { ...headers, 'retry-after': seconds(decision.value.retryAfterMs) },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  });
}
