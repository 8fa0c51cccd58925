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
  // Only a storage that declares shared transactions (the Postgres server) shares them.
  const sharing = () => storage().capabilities.sharedTransactions === true;

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

  it('counts concurrent calls of a tenant in one transaction where transactions are shared, never overspending a window', async () => {
    expect(sharing()).toBe(backend.name === 'postgres');
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const limiter = createStorageRateLimiter({ storage: countingStorage(storage(), counts) });
    const tenantId = freshTenantId();
    // Seven sign-ins of one account from seven addresses, and one lone consume of the account.
    const signIns = Array.from({ length: 7 }, (_, position) =>
      limiter.consumeMany(tenantId, [
        { policy: ACCOUNT, key: 'alice' },
        { policy: CLIENT, key: `192.0.2.${position}` },
      ]),
    );
    const alone = limiter.consume(tenantId, ACCOUNT, 'alice', 2);
    const decided = (await Promise.all(signIns)).map((answer) => unwrapOrThrow(answer));
    const loneDecision = unwrapOrThrow(await alone);
    expect(counts.transactions).toBe(sharing() ? 1 : 8);

    // Every address is counted once; the account's five points go to the first comers, never more.
    expect(decided.map(([, client]) => client?.remaining)).toEqual(Array(7).fill(4));
    const accountAllowed = decided.filter(([account]) => account?.allowed === true);
    const spent = accountAllowed.length + (loneDecision.allowed ? 2 : 0);
    expect(spent).toBeLessThanOrEqual(ACCOUNT.points);
    expect(spent).toBeGreaterThanOrEqual(ACCOUNT.points - 1);
    if (sharing()) {
      // In one shared transaction the calls count in the order they were made.
      expect(decided.map(([account]) => account?.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
      expect(decided.map(([account]) => account?.allowed)).toEqual([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(loneDecision.allowed).toBe(false);
    }
    const refused = unwrapOrThrow(await limiter.consume(tenantId, ACCOUNT, 'alice'));
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
  });
});
