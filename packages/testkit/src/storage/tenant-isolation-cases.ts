import { expect, it } from 'vitest';
import { freshTenantId, sampleEvent } from '../fixtures.js';
import {
  asListed,
  committed,
  insertRecord,
  listIds,
  listOutbox,
  readRecord,
  type StorageSuiteContext,
} from './storage-suite-context.js';

/** Tenant A cannot read, write, list or see the outbox of tenant B. */
export function defineTenantIsolationCases(context: StorageSuiteContext): void {
  it('keeps one tenant from reading, listing or overwriting another tenant’s records', async () => {
    const storage = context.storage();
    const tenantA = freshTenantId('a');
    const tenantB = freshTenantId('b');
    await insertRecord(storage, tenantA, 'accounts', 'shared-id', { owner: 'A' });

    expect(await readRecord(storage, tenantB, 'accounts', 'shared-id')).toBeUndefined();
    expect(await listIds(storage, tenantB, 'accounts')).toEqual([]);
    const many = await committed(storage, tenantB, (tx) =>
      tx.records.getMany('accounts', ['shared-id']),
    );
    expect(many).toEqual([undefined]);

    // B's write under the same collection and id creates B's own record, and A's is untouched.
    await insertRecord(storage, tenantB, 'accounts', 'shared-id', { owner: 'B' });
    await committed(storage, tenantB, async (tx) => {
      await tx.records.delete({ collection: 'accounts', id: 'shared-id', expectedVersion: 1 });
      return tx.records.put({
        collection: 'accounts',
        id: 'shared-id',
        data: { owner: 'B2' },
        expectedVersion: 0,
      });
    });
    expect(await readRecord(storage, tenantB, 'accounts', 'shared-id')).toMatchObject({
      data: { owner: 'B2' },
    });
    expect(await readRecord(storage, tenantA, 'accounts', 'shared-id')).toMatchObject({
      data: { owner: 'A' },
      version: 1,
    });
    expect(await listIds(storage, tenantA, 'accounts')).toEqual(['shared-id']);
  });

  it('keeps outbox events of one tenant out of another’s', async () => {
    const storage = context.storage();
    const tenantA = freshTenantId('a');
    const tenantB = freshTenantId('b');
    const event = sampleEvent(tenantA);
    await committed(storage, tenantA, (tx) => tx.outbox.append([event]));
    const seenByB = await committed(storage, tenantB, (tx) => tx.outbox.list({ limit: 10 }));
    expect(seenByB.items).toEqual([]);
    const seenByA = await committed(storage, tenantA, (tx) => tx.outbox.list({ limit: 10 }));
    expect(seenByA.items.map((item) => item.id)).toEqual([event.id]);
  });

  it('leaves another tenant’s event in place when a tenant removes its id', async () => {
    const storage = context.storage();
    const tenantA = freshTenantId('a');
    const tenantB = freshTenantId('b');
    const eventOfB = sampleEvent(tenantB);
    await committed(storage, tenantB, (tx) => tx.outbox.append([eventOfB]));
    await committed(storage, tenantA, (tx) => tx.outbox.remove([eventOfB.id]));
    expect(await listOutbox(storage, tenantB)).toEqual([asListed(eventOfB)]);
    expect(await listOutbox(storage, tenantA)).toEqual([]);
  });

  it('refuses an event stamped with another tenant as a programmer error', async () => {
    const storage = context.storage();
    const tenantA = freshTenantId('a');
    const tenantB = freshTenantId('b');
    const run = committed(storage, tenantA, (tx) => tx.outbox.append([sampleEvent(tenantB)]));
    await expect(run).rejects.toThrow(/tenant/);
    const seenByB = await committed(storage, tenantB, (tx) => tx.outbox.list({ limit: 10 }));
    expect(seenByB.items).toEqual([]);
  });
}
