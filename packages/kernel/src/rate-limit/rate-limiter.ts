import type { Result } from 'neverthrow';
import type { InfrastructureError } from '../errors/infrastructure-error.js';
import type { TenantId } from '../tenant/tenant-id.js';

/**
 * What happens to a request when the limiter's store cannot answer (Redis gone, a database
 * timeout). `closed` refuses it with a retryable error, for limits that guard secrets (logins,
 * one-time codes): a login must never skip its limit silently. `open` lets it through, for limits
 * that only protect capacity.
 */
export type RateLimitFailMode = 'closed' | 'open';

/** A named limit: at most `points` per `durationMs` for one key, e.g. 5 logins a minute per account. */
export interface RateLimitPolicy {
  /** Stable name, part of every stored key (`login.account`); lowercase, dots and underscores. */
  readonly name: string;
  /** Points one key may consume per window; at least 1. */
  readonly points: number;
  /** The window, from the first consumption of a key; at least 1,000 ms. */
  readonly durationMs: number;
  /** Once the points are spent, refuse the key for this long instead of until the window ends. */
  readonly blockDurationMs?: number;
  readonly failMode: RateLimitFailMode;
}

/** The limiter's answer for one key, with what the IETF `RateLimit` headers need. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** The policy's points per window. */
  readonly limit: number;
  /** Points left in the window after this consumption (0 when refused). */
  readonly remaining: number;
  /** Until the window (or block) ends and points are back; 0 when nothing is consumed. */
  readonly resetAfterMs: number;
  /** When refused, how long until a retry can succeed (`Retry-After`); 0 when allowed. */
  readonly retryAfterMs: number;
  /** True when the store failed and the policy is fail-open: nothing was counted. */
  readonly degraded: boolean;
}

/**
 * The rate-limiter port: counts points per tenant, policy and key in a store every process shares
 * (Redis, the database). A refusal is an `ok` decision with `allowed: false`; an error means the
 * store failed under a fail-closed policy.
 */
export interface RateLimiter {
  /** Which store this is (`redis`, `storage:postgres`), for logs and test names. */
  readonly name: string;
  /** Consumes `points` (default 1) for the key and tells whether the request may go on. */
  consume(
    tenantId: TenantId,
    policy: RateLimitPolicy,
    key: string,
    points?: number,
  ): Promise<Result<RateLimitDecision, InfrastructureError>>;
  /**
   * Consumes several limits one request counts against (a sign-in against its account and its
   * client address), at most {@link RATE_LIMIT_CONSUMPTIONS_MAX}: one decision per consumption,
   * in order, each as `consume` alone would give it, and every one counted even when another is
   * refused. A store that can counts them in one transaction or round trip. When the store fails,
   * fail-open consumptions pass uncounted and a fail-closed one makes the whole answer an error.
   */
  consumeMany(
    tenantId: TenantId,
    consumptions: readonly RateLimitConsumption[],
  ): Promise<Result<RateLimitDecision[], InfrastructureError>>;
  /** Forgets the key's count, e.g. after a successful login clears its failures. */
  reset(
    tenantId: TenantId,
    policy: RateLimitPolicy,
    key: string,
  ): Promise<Result<void, InfrastructureError>>;
}

/** One consumption of {@link RateLimiter.consumeMany}: a policy, a key and its points (default 1). */
export interface RateLimitConsumption {
  readonly policy: RateLimitPolicy;
  readonly key: string;
  readonly points?: number;
}

/** Most consumptions one `consumeMany` call carries: the limits of one request, not a bulk API. */
export const RATE_LIMIT_CONSUMPTIONS_MAX = 8;

/** Longest key a caller may pass (an email's blind index, an IPv6 address); longer is a bug. */
export const RATE_LIMIT_KEY_MAX_LENGTH = 200;

/** Valid policy names: lowercase segments separated by dots. */
export const RATE_LIMIT_POLICY_NAME_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Longest policy name: names are part of every stored key, so they stay short. */
export const RATE_LIMIT_POLICY_NAME_MAX_LENGTH = 64;
