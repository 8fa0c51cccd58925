import { err, ok, type Result } from 'neverthrow';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { assert } from '../errors/assert.js';
import { type InfrastructureError, infrastructureError } from '../errors/infrastructure-error.js';
import type { TenantId } from '../tenant/tenant-id.js';
import { assertRateLimitKey, assertRateLimitPoints } from './assert-rate-limit.js';
import { consumeEach } from './consume-each.js';
import { policyLimiters } from './policy-limiters.js';
import { consumptionDecision, degradedRateLimitDecision } from './rate-limit-decision.js';
import type { RateLimitDecision, RateLimiter, RateLimitPolicy } from './rate-limiter.js';

/** Keys one process limiter counts at once, over every tenant and policy, unless configured. */
export const PROCESS_RATE_LIMIT_KEYS_MAX_DEFAULT = 100_000;

/** What {@link createProcessRateLimiter} takes. */
export interface ProcessRateLimiterOptions {
  /**
   * Most keys counted at once (each window costs memory until it ends, and keys such as client
   * addresses come from outside); a key not yet counted beyond it is treated as a store failure,
   * so the policy's fail mode decides. {@link PROCESS_RATE_LIMIT_KEYS_MAX_DEFAULT} by default.
   */
  readonly maxKeys?: number;
}

/** One policy's library instance and the windows it holds. */
interface PolicyCounter {
  readonly limiter: RateLimiterMemory;
  readonly windows: ReadonlyMap<string, unknown>;
}

// rate-limiter-flexible 11 keeps a RateLimiterMemory's windows in a Map of its memory store and
// has no public count of them; the check fails loudly if a release ever moves it.
function windowsOf(limiter: RateLimiterMemory): ReadonlyMap<string, unknown> {
  const windows = (limiter as unknown as { _memoryStorage?: { _storage?: unknown } })._memoryStorage
    ?._storage;
  assert(
    windows instanceof Map,
    'rate-limiter-flexible no longer keeps RateLimiterMemory windows in a Map',
  );
  return windows;
}

function processKey(tenantId: TenantId, policy: RateLimitPolicy, key: string): string {
  // Tenant ids and policy names hold no colon, so the three parts cannot run into each other.
  return `${tenantId}:${policy.name}:${key}`;
}

/**
 * The rate-limiter port in this process's memory, on rate-limiter-flexible's `RateLimiterMemory`:
 * the same fixed windows and blocks as the Redis limiter, counted per tenant, policy and key with
 * no store round trip. Counts are per process: N processes behind a load balancer allow up to N
 * times a policy's points, and a restart forgets them. Use it for limits that protect capacity
 * (the HTTP edge); limits that guard secrets (logins, one-time codes) need a count every process
 * shares: Redis or the storage. Windows follow the system clock (the library's timers), not the
 * `Clock` port, and whole seconds, rounded up.
 */
export function createProcessRateLimiter(options: ProcessRateLimiterOptions = {}): RateLimiter {
  const maxKeys = options.maxKeys ?? PROCESS_RATE_LIMIT_KEYS_MAX_DEFAULT;
  assert(Number.isSafeInteger(maxKeys) && maxKeys >= 1, 'maxKeys is a positive integer');
  const counters: PolicyCounter[] = [];
  const counterFor = policyLimiters((settings): PolicyCounter => {
    const limiter = new RateLimiterMemory({
      // The full key is built here, so the library adds nothing.
      keyPrefix: '',
      points: settings.points,
      duration: settings.durationSeconds,
      blockDuration: settings.blockDurationSeconds,
    });
    const counter = { limiter, windows: windowsOf(limiter) };
    counters.push(counter);
    return counter;
  });
  // Summed only for a key not yet counted: policies are few, keys are many.
  const keysHeld = () => counters.reduce((held, counter) => held + counter.windows.size, 0);

  function full(policy: RateLimitPolicy): Result<RateLimitDecision, InfrastructureError> {
    if (policy.failMode === 'open') return ok(degradedRateLimitDecision(policy));
    return err(
      infrastructureError({
        retryable: true,
        operation: 'rate_limit.consume',
        message: `the process limiter counts its most keys (${maxKeys}); refused as the policy fails closed`,
      }),
    );
  }

  const consume: RateLimiter['consume'] = async (tenantId, policy, key, points = 1) => {
    assertRateLimitKey(key);
    assertRateLimitPoints(points);
    const { limiter, windows } = counterFor(policy);
    const storeKey = processKey(tenantId, policy, key);
    if (!windows.has(storeKey) && keysHeld() >= maxKeys) return full(policy);
    return ok(await consumptionDecision(policy, limiter.consume(storeKey, points)));
  };
  return {
    name: 'process',
    consume,
    consumeMany: consumeEach(consume),
    async reset(tenantId, policy, key) {
      assertRateLimitKey(key);
      await counterFor(policy).limiter.delete(processKey(tenantId, policy, key));
      return ok(undefined);
    },
  };
}
