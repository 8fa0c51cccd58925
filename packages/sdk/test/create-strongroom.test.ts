import { FakeClock, ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { createStrongroom } from '../src/index.js';

const audit = {
  signing: { originPrefix: 'audit.example.com', masterSeeds: [new Uint8Array(32).fill(1)] },
};

describe('createStrongroom', () => {
  it('runs transactions on the storage it was given, with the injected clock and ids', async () => {
    const clock = new FakeClock(new Date('2026-05-01T12:00:00.000Z'));
    let minted = 0;
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock,
      audit,
      ids: {
        next: (prefix) => {
          minted += 1;
          return `${prefix}_fixed${minted}` as never;
        },
      },
    });
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const id = strongroom.ids.next('acc');
    await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(
        await tx.records.put({
          collection: 'accounts',
          id,
          data: { openedAt: strongroom.clock.now().toISOString() },
          expectedVersion: 0,
        }),
      ),
    );
    const stored = await strongroom.storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.get('accounts', id)),
    );
    expect(stored._unsafeUnwrap()).toMatchObject({
      id: 'acc_fixed1',
      data: { openedAt: '2026-05-01T12:00:00.000Z' },
    });
  });

  it('defaults to the system clock and TypeID ids, and closes the storage once', async () => {
    let closes = 0;
    const storage = createMemoryStorage();
    const strongroom = createStrongroom({
      audit,
      storage: {
        ...storage,
        close: async () => {
          closes += 1;
        },
      },
    });
    const before = Date.now();
    expect(strongroom.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(strongroom.ids.next('usr')).toMatch(/^usr_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
    await strongroom.close();
    await strongroom.close();
    expect(closes).toBe(1);
  });
});

describe('createStrongroom audit wiring', () => {
  it('records an audit entry with the change, stamped by the injected clock, and seals it in a checkpoint', async () => {
    const clock = new FakeClock(new Date('2026-05-01T12:00:00.000Z'));
    const strongroom = createStrongroom({ storage: createMemoryStorage(), clock, audit });
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const receipt = await strongroom.storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'accounts', id: 'acc_1', data: {}, expectedVersion: 0 });
      return strongroom.audit.append(tx, {
        actor: { type: 'user', id: 'usr_1' },
        action: 'ledger.account.opened',
        resource: { type: 'account', id: 'acc_1' },
        outcome: 'succeeded',
      });
    });
    const { leafId } = unwrapOrThrow(receipt);
    expect(unwrapOrThrow(await strongroom.audit.waitForSequencing(tenantId, leafId))).toEqual({
      leafId,
      index: 0,
    });
    const proof = unwrapOrThrow(await strongroom.audit.inclusionProof(tenantId, leafId));
    expect(JSON.parse(proof.leaf)).toMatchObject({
      timestamp: '2026-05-01T12:00:00.000Z',
      action: 'ledger.account.opened',
    });
    expect(strongroom.audit.origin(tenantId)).toBe('audit.example.com/acme');
  });
});
