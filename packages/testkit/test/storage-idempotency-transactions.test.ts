import { createStorageIdempotencyStore, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { freshTenantId } from '../src/fixtures.js';
import { countingStorage, type TransactionCounts } from '../src/storage/counting-storage.js';
import { storageForSuite } from './backend-storage.js';
import { BACKENDS } from './backends.js';

const CLAIM = { leaseMs: 30_000, ttlMs: 60_000 };
const RESPONSE = { status: 201, headers: { 'content-type': 'application/json' }, body: '{}' };

describe.each(BACKENDS)('storage idempotency store on $name', (backend) => {
  const storage = storageForSuite(backend);
  // Only a storage that declares shared transactions (the Postgres server) shares them.
  const sharing = () => storage().capabilities.sharedTransactions === true;

  it('answers concurrent claims, then completions, of a tenant from one transaction each where transactions are shared', async () => {
    expect(sharing()).toBe(backend.name === 'postgres');
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const store = createStorageIdempotencyStore({ storage: countingStorage(storage(), counts) });
    const tenantId = freshTenantId();
    // Six keys; the first is asked twice, once with another body.
    const asked = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k0'].map((key, position) => ({
      key,
      fingerprint: position === 6 ? 'other body' : 'body',
    }));
    const claims = await Promise.all(
      asked.map(({ key, fingerprint }) => store.claim(tenantId, key, fingerprint, CLAIM)),
    );
    expect(counts.transactions).toBe(sharing() ? 1 : asked.length);
    const states = claims.map((claim) => unwrapOrThrow(claim).state);
    expect(states.slice(1, 6)).toEqual(Array.from({ length: 5 }, () => 'claimed'));
    // Of the two claims of k0 one wins, the other meets the first's body; in one shared
    // transaction they run in the order asked.
    expect([states[0], states[6]].sort()).toEqual(['claimed', 'mismatch']);
    if (sharing()) expect(states[0]).toBe('claimed');

    const leases = new Map<string, string>();
    for (const [position, claim] of claims.entries()) {
      const claimed = unwrapOrThrow(claim);
      if (claimed.state === 'claimed') leases.set(asked[position]?.key ?? '', claimed.leaseId);
    }
    expect([...leases.keys()].sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
    const before = counts.transactions;
    const completed = await Promise.all([
      ...[...leases].map(([key, leaseId]) => store.complete(tenantId, key, leaseId, RESPONSE)),
      // A lease of another key completes nothing.
      store.complete(tenantId, 'k1', leases.get('k2') ?? '', RESPONSE),
    ]);
    expect(counts.transactions - before).toBe(sharing() ? 1 : completed.length);
    expect(completed.map((done) => unwrapOrThrow(done))).toEqual([
      ...[...leases].map(() => true),
      false,
    ]);
    const replay = unwrapOrThrow(await store.claim(tenantId, 'k3', 'body', CLAIM));
    expect(replay).toEqual({ state: 'completed', response: RESPONSE });
  });
});
