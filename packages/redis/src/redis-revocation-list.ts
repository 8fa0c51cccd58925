import {
  assertRevocationCandidates,
  assertRevocations,
  type RevocationList,
} from '@strongroom/identity';
import { assert, err, type InfrastructureError, ok, type Result } from '@strongroom/kernel';
import type { ChainableCommander } from 'ioredis';
import type { RedisAdapterOptions } from './redis-adapter-options.js';
import { redisFailure } from './redis-failure.js';
import { redisKeyLayout } from './redis-key-layout.js';

// Runs a MULTI, which fails when EXEC fails or when any command inside it does.
async function execute(
  transaction: ChainableCommander,
  operation: string,
): Promise<Result<void, InfrastructureError>> {
  let replies: [error: Error | null, result: unknown][] | null;
  try {
    replies = await transaction.exec();
  } catch (error) {
    return err(redisFailure(error, operation));
  }
  // Without WATCH, Redis never discards a transaction; `null` would mean nothing was written.
  assert(replies !== null, 'Redis discarded a transaction that watched no key');
  const failed = replies.find(([error]) => error !== null);
  return failed === undefined ? ok(undefined) : err(redisFailure(failed[0], operation));
}

/**
 * The revocation-list port on Redis (7.0 or later, for `PEXPIREAT ... GT`). Each entry is a key
 * `<prefix>rev:<tenantId>:<kind>:<id>` that Redis deletes at `expiresAtMs` by its own clock, so a
 * clock skew between the host and Redis moves the moment an entry is forgotten; callers leave a
 * margin past the last token's expiry. A failure is a retryable error: verification fails closed.
 */
export function createRedisRevocationList(options: RedisAdapterOptions): RevocationList {
  const { client } = options;
  const keys = redisKeyLayout(options.keyPrefix);
  return {
    name: 'redis',
    async revoke(tenantId, revocations) {
      assertRevocations(revocations);
      if (revocations.length === 0) return ok(undefined);
      // One MULTI: `SET NX` creates a missing entry, `PEXPIREAT GT` moves an existing one's expiry
      // later and never earlier, so a revocation already on the list keeps the later expiry.
      const transaction = client.multi();
      for (const { kind, id, expiresAtMs } of revocations) {
        const key = keys.revocation(tenantId, kind, id);
        transaction.set(key, '1', 'PXAT', expiresAtMs, 'NX').pexpireat(key, expiresAtMs, 'GT');
      }
      return execute(transaction, 'redis.revoke');
    },
    async isRevoked(tenantId, candidates) {
      assertRevocationCandidates(candidates);
      if (candidates.length === 0) return ok(false);
      try {
        const found = await client.exists(
          ...candidates.map(({ kind, id }) => keys.revocation(tenantId, kind, id)),
        );
        return ok(found > 0);
      } catch (error) {
        return err(redisFailure(error, 'redis.is_revoked'));
      }
    },
  };
}
