import { FakeClock, ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import { createStrongroom } from '../src/index.js';

describe('createStrongroom', () => {
  it('runs transactions on the storage it was given, with the injected clock and ids', async () => {
    const clock = new FakeClock(new Date('2026-05-01T12:00:00.000Z'));
    let minted = 0;
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock,
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
