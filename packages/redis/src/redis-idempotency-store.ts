import {
  AssertionFailure,
  assert,
  assertIdempotencyClaim,
  assertIdempotencyKey,
  assertIdempotencyLeaseId,
  assertStoredResponse,
  err,
  type IdempotencyClaim,
  type IdempotencyStore,
  ok,
  storedResponseFits,
  storedResponseJson,
} from '@strongroom/kernel';
import type { RedisAdapterOptions } from './redis-adapter-options.js';
import { redisFailure } from './redis-failure.js';
import { redisKeyLayout } from './redis-key-layout.js';

// Each entry is a hash: `fingerprint`, and `leaseId` + `ttlMs` while claimed or `response` (JSON)
// once completed. Its Redis expiry is the lease's end, then the response's: an absent key is free.
// Every step is one script, so a check and the write it decides on are atomic. The scripts are a
// few hundred bytes, sent with each call: Redis caches them by digest, and EVALSHA would need a
// NOSCRIPT fallback round trip after every restart.

// KEYS[1] the entry; ARGV fingerprint, leaseId, leaseMs, ttlMs. Replies {state[, response]}.
const CLAIM_SCRIPT = `
local entry = redis.call('HMGET', KEYS[1], 'fingerprint', 'response')
if not entry[1] then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'leaseId', ARGV[2], 'ttlMs', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
if entry[1] ~= ARGV[1] then return {'mismatch'} end
if entry[2] then return {'completed', entry[2]} end
return {'in_progress'}
`;

// KEYS[1] the entry; ARGV leaseId, response. Replies 1 when stored, 0 when the lease is not held.
const COMPLETE_SCRIPT = `
local lease = redis.call('HMGET', KEYS[1], 'leaseId', 'ttlMs')
if lease[1] ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'leaseId', 'ttlMs')
redis.call('HSET', KEYS[1], 'response', ARGV[2])
redis.call('PEXPIRE', KEYS[1], lease[2])
return 1
`;

// KEYS[1] the entry; ARGV leaseId. Deletes the entry only while that lease holds it.
const RELEASE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'leaseId') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

/** The claim a script's reply stands for; `leaseId` is the one the claim offered. */
function claimFrom(reply: unknown, leaseId: string): IdempotencyClaim {
  assert(Array.isArray(reply), 'Redis answered an idempotency claim with a non-array');
  const [state, response] = reply as unknown[];
  switch (state) {
    case 'claimed':
      return { state, leaseId };
    case 'in_progress':
    case 'mismatch':
      return { state };
    case 'completed': {
      assert(typeof response === 'string', 'a completed idempotency entry lacks its response');
      const parsed: unknown = JSON.parse(response);
      assertStoredResponse(parsed);
      return { state, response: parsed };
    }
    default:
      throw new AssertionFailure('Redis answered an idempotency claim with an unknown state');
  }
}

/**
 * The idempotency-key port on Redis: one hash per `<prefix>idem:<tenantId>:<key>`, claimed,
 * completed and released by Lua scripts that compare the fingerprint or lease id and write in one
 * atomic step. Leases and response lifetimes are Redis expiries, kept by Redis's own clock. A Redis
 * failure is returned as a retryable or permanent error; the caller decides (an HTTP layer answers
 * 503 rather than executing a request it cannot make idempotent).
 */
export function createRedisIdempotencyStore(options: RedisAdapterOptions): IdempotencyStore {
  const { client } = options;
  const keys = redisKeyLayout(options.keyPrefix);
  return {
    name: 'redis',
    async claim(tenantId, key, fingerprint, claimOptions) {
      assertIdempotencyKey(key);
      assertIdempotencyClaim(fingerprint, claimOptions);
      const leaseId = crypto.randomUUID();
      let reply: unknown;
      try {
        reply = await client.eval(
          CLAIM_SCRIPT,
          1,
          keys.idempotency(tenantId, key),
          fingerprint,
          leaseId,
          claimOptions.leaseMs,
          claimOptions.ttlMs,
        );
      } catch (error) {
        return err(redisFailure(error, 'redis.idempotency_claim'));
      }
      // Outside the try: a malformed entry is a bug to throw, not a Redis failure to report.
      return ok(claimFrom(reply, leaseId));
    },
    async complete(tenantId, key, leaseId, response) {
      assertIdempotencyKey(key);
      assertIdempotencyLeaseId(leaseId);
      assertStoredResponse(response);
      // Too large to replay: an operating condition the caller can check first, not a bug.
      if (!storedResponseFits(response)) return ok(false);
      try {
        const stored = await client.eval(
          COMPLETE_SCRIPT,
          1,
          keys.idempotency(tenantId, key),
          leaseId,
          JSON.stringify(storedResponseJson(response)),
        );
        return ok(stored === 1);
      } catch (error) {
        return err(redisFailure(error, 'redis.idempotency_complete'));
      }
    },
    async release(tenantId, key, leaseId) {
      assertIdempotencyKey(key);
      assertIdempotencyLeaseId(leaseId);
      try {
        await client.eval(RELEASE_SCRIPT, 1, keys.idempotency(tenantId, key), leaseId);
        return ok(undefined);
      } catch (error) {
        return err(redisFailure(error, 'redis.idempotency_release'));
      }
    },
  };
}
