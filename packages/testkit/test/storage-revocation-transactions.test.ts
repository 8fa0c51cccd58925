import { createStorageRevocationList } from '@strongroom/identity';
import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { freshTenantId } from '../src/fixtures.js';
import { countingStorage, type TransactionCounts } from '../src/storage/counting-storage.js';
import { storageForSuite } from './backend-storage.js';
import { BACKENDS } from './backends.js';

const HOUR_MS = 60 * 60 * 1000;

describe.each(BACKENDS)('storage revocation list on $name', (backend) => {
  const storage = storageForSuite(backend);
  // Only a storage that declares shared transactions (the Postgres server) shares them.
  const sharing = () => storage().capabilities.sharedTransactions === true;

  it('writes concurrent revocations of a tenant in one transaction where transactions are shared, each with the latest expiry asked', async () => {
    expect(sharing()).toBe(backend.name === 'postgres');
    const counts: TransactionCounts = { transactions: 0, attempts: 0 };
    const list = createStorageRevocationList({ storage: countingStorage(storage(), counts) });
    const tenantId = freshTenantId();
    const nowMs = Date.now();
    // Five sign-outs; the third and the fifth revoke the same session, the fifth for longer.
    const asked = [1, 2, 3, 4, 5].map((position) => [
      { kind: 'device' as const, id: `dev_${position}`, expiresAtMs: nowMs + HOUR_MS },
      {
        kind: 'session' as const,
        id: position === 5 ? 'ses_3' : `ses_${position}`,
        expiresAtMs: nowMs + position * HOUR_MS,
      },
    ]);
    const revoked = await Promise.all(asked.map((entries) => list.revoke(tenantId, entries)));
    for (const answer of revoked) unwrapOrThrow(answer);
    expect(counts.transactions).toBe(sharing() ? 1 : asked.length);

    const stored = unwrapOrThrow(
      await storage().transaction(tenantId, async (tx) =>
        ok(
          await tx.records.getMany('identity.revocations', [
            'session:ses_3',
            'session:ses_4',
            'device:dev_5',
          ]),
        ),
      ),
    );
    expect(stored.map((record) => record?.data['expiresAtMs'])).toEqual([
      nowMs + 5 * HOUR_MS,
      nowMs + 4 * HOUR_MS,
      nowMs + HOUR_MS,
    ]);
    for (const entries of asked) {
      const [device] = entries;
      expect(
        unwrapOrThrow(await list.isRevoked(tenantId, [{ kind: 'device', id: device?.id ?? '' }])),
      ).toBe(true);
    }
    expect(unwrapOrThrow(await list.isRevoked(tenantId, [{ kind: 'device', id: 'dev_6' }]))).toBe(
      false,
    );
  });
});
