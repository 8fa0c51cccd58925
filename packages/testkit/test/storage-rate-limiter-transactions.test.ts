import { createStorageRateLimiter, type RateLimitPolicy, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { freshTenantId } from '../src/fixtures.js';
import { countingStorage, type TransactionCounts } from '../src/storage/counting-storage.js';
import { storageForSuite } from './backend-storage.js';
import { BACKENDS } from './backends.js';

const ACCOUNT: RateLimitPolicy = {
  name: 'testkit.account',
  points: 5,
  durationMs: 60_000,
  failMode: 'closed',
};
const CLIENT: RateLimitPolicy = { ...ACCOUNT, name: 'testkit.client' };

describe.each(BACKENDS)('storage rate limiter on $name', (backend) => {
  const storage = storageForSuite(backend);

  it('counts the limits of one request in one transaction, where consume takes one each', async () => {
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const limiter = createStorageRateLimiter({ storage: countingStorage(storage(), counts) });
    const tenantId = freshTenantId();
    const request = [
      { policy: ACCOUNT, key: 'alice' },
      { policy: CLIENT, key: '192.0.2.7' },
    ];
    const together = unwrapOrThrow(await limiter.consumeMany(tenantId, request));
    expect(counts.transactions).toBe(1);
    for (const { policy, key } of request)
      unwrapOrThrow(await limiter.consume(tenantId, policy, key));
    expect(counts.transactions).toBe(3);
    // Both ways counted the same windows.
    expect(together.map((decision) => decision.remaining)).toEqual([4, 4]);
    const after = unwrapOrThrow(await limiter.consumeMany(tenantId, request));
    expect(after.map((decision) => decision.remaining)).toEqual([2, 2]);
  });
});
