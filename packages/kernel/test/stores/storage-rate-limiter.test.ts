import { describe, expect, it } from 'vitest';
import { AssertionFailure } from '../../src/errors/assert.js';
import { infrastructureError } from '../../src/errors/infrastructure-error.js';
import type { RateLimitPolicy } from '../../src/rate-limit/rate-limiter.js';
import { createStorageRateLimiter } from '../../src/rate-limit/storage-rate-limiter.js';
import type { StorageError } from '../../src/storage/storage-error.js';
import { parseTenantId } from '../../src/tenant/tenant-id.js';
import { failingStorage } from './failing-storage.js';

const tenantId = parseTenantId('tenant-a')._unsafeUnwrap();
const closed: RateLimitPolicy = {
  name: 'login.account',
  points: 5,
  durationMs: 60_000,
  failMode: 'closed',
};
const open: RateLimitPolicy = { ...closed, failMode: 'open' };

const lostConnection = infrastructureError({
  retryable: false,
  operation: 'postgres.transaction',
  message: 'connection exception',
  code: '08006',
});
const conflict: StorageError = { type: 'storage.conflict', attempts: 10 };

describe('createStorageRateLimiter', () => {
  it('is named after its storage', () => {
    expect(createStorageRateLimiter({ storage: failingStorage(conflict) }).name).toBe(
      'storage:failing',
    );
  });

  it.each([
    ['an infrastructure error', lostConnection, '08006'],
    ['a conflict that outlasted the retries', conflict, 'storage.conflict'],
  ])('fails closed on %s with a retryable error naming the cause', async (_, error, code) => {
    const limiter = createStorageRateLimiter({ storage: failingStorage(error) });
    const result = await limiter.consume(tenantId, closed, 'alice');
    expect(result._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      operation: 'rate_limit.consume',
      code,
    });
  });

  it.each([
    ['an infrastructure error', lostConnection],
    ['a conflict that outlasted the retries', conflict],
  ])('fails open on %s: allowed, degraded, nothing counted', async (_, error) => {
    const limiter = createStorageRateLimiter({ storage: failingStorage(error) });
    expect((await limiter.consume(tenantId, open, 'alice', 2))._unsafeUnwrap()).toEqual({
      allowed: true,
      limit: 5,
      remaining: 5,
      resetAfterMs: 0,
      retryAfterMs: 0,
      degraded: true,
    });
  });

  it('reports a failed reset as the store reported it, whatever the fail mode', async () => {
    for (const policy of [closed, open]) {
      const limiter = createStorageRateLimiter({ storage: failingStorage(lostConnection) });
      expect((await limiter.reset(tenantId, policy, 'alice'))._unsafeUnwrapErr()).toEqual(
        lostConnection,
      );
    }
    const limiter = createStorageRateLimiter({ storage: failingStorage(conflict) });
    expect((await limiter.reset(tenantId, closed, 'alice'))._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
      code: 'storage.conflict',
    });
  });

  it('never fails open on a bug: a throw below the port propagates', async () => {
    const bug = new TypeError('a bug below the port');
    const limiter = createStorageRateLimiter({ storage: failingStorage(bug) });
    await expect(limiter.consume(tenantId, open, 'alice')).rejects.toBe(bug);
    await expect(limiter.reset(tenantId, open, 'alice')).rejects.toBe(bug);
  });

  it.each<[string, StorageError]>([
    ['a nested transaction', { type: 'storage.nested_transaction' }],
    [
      'a version mismatch',
      {
        type: 'storage.version_mismatch',
        collection: 'strongroom.rate_limits',
        id: 'x',
        expectedVersion: 1,
        actualVersion: 2,
      },
    ],
    [
      'a write limit',
      { type: 'storage.limit_exceeded', limit: 'writes_per_transaction', maximum: 1, attempted: 2 },
    ],
  ])('throws an AssertionFailure for %s, which only a bug can cause', async (_, error) => {
    const limiter = createStorageRateLimiter({ storage: failingStorage(error) });
    await expect(limiter.consume(tenantId, open, 'alice')).rejects.toThrow(AssertionFailure);
  });

  it.each<[string, Partial<RateLimitPolicy>]>([
    ['a block under a second', { blockDurationMs: 999 }],
    ['a fractional block', { blockDurationMs: 1500.5 }],
    ['a fractional window', { durationMs: 1500.5 }],
    ['an unknown fail mode', { failMode: 'maybe' as RateLimitPolicy['failMode'] }],
    ['a name with a trailing dot', { name: 'login.' }],
    ['a name starting with a digit', { name: '1login' }],
  ])(
    'throws an AssertionFailure for a policy with %s, before any storage call',
    async (_, change) => {
      const storage = failingStorage(conflict);
      const limiter = createStorageRateLimiter({ storage });
      const policy = { ...closed, ...change };
      await expect(limiter.consume(tenantId, policy, 'alice')).rejects.toThrow(AssertionFailure);
      await expect(limiter.reset(tenantId, policy, 'alice')).rejects.toThrow(AssertionFailure);
      expect(storage.transactions).toBe(0);
    },
  );

  it('accepts a policy name of exactly 64 characters', async () => {
    const limiter = createStorageRateLimiter({ storage: failingStorage(lostConnection) });
    const policy = { ...open, name: `a${'b'.repeat(63)}` };
    expect((await limiter.consume(tenantId, policy, 'alice'))._unsafeUnwrap().degraded).toBe(true);
  });
});
