import { ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import {
  createFaultyStorage,
  type InjectedFault,
  type StorageFaultRates,
} from './fault-storage.js';
import { SimulatorRandom } from './simulator-random.js';

const NO_FAULTS: StorageFaultRates = {
  unavailable: 0,
  commit_failed: 0,
  lost_reply: 0,
  conflict: 0,
  conflict_exhausted: 0,
  crash: 0,
};
const tenantId = unwrapOrThrow(parseTenantId('faults'));

function faultyWith(kind: keyof StorageFaultRates) {
  const faults: InjectedFault[] = [];
  const inner = createMemoryStorage();
  const storage = createFaultyStorage(inner, {
    random: new SimulatorRandom(1),
    rates: { ...NO_FAULTS, [kind]: 1 },
    onFault: (fault) => faults.push(fault),
  });
  return { inner, storage, faults };
}

describe('fault-injecting storage', () => {
  it('reports a lost reply of a writing transaction as committed without a reply', async () => {
    const { inner, storage, faults } = faultyWith('lost_reply');
    const outcome = await storage.transaction(tenantId, async (tx) => {
      await tx.records.put({ collection: 'notes', id: 'n1', data: { v: 1 }, expectedVersion: 0 });
      return ok(null);
    });
    expect(outcome.isErr() && outcome.error.type).toBe('infrastructure');
    expect(faults).toEqual([{ kind: 'lost_reply', committedUnacknowledged: true }]);
    const stored = await inner.transaction(tenantId, async (tx) =>
      ok(await tx.records.get('notes', 'n1')),
    );
    expect(stored._unsafeUnwrap()?.data).toEqual({ v: 1 });
  });

  it('reports a lost reply of a read-only transaction as changing nothing', async () => {
    // A read before a command (the ledger reads inherited postings first) must not make the
    // simulator expect the command's own commit to have happened.
    const { storage, faults } = faultyWith('lost_reply');
    const outcome = await storage.transaction(tenantId, async (tx) =>
      ok(await tx.records.get('notes', 'n1')),
    );
    expect(outcome.isErr()).toBe(true);
    expect(faults).toEqual([{ kind: 'lost_reply', committedUnacknowledged: false }]);
  });

  it('counts a change to the outbox as a write', async () => {
    const { storage, faults } = faultyWith('lost_reply');
    await storage.transaction(tenantId, async (tx) => {
      await tx.outbox.remove(['evt_absent']);
      return ok(null);
    });
    expect(faults).toEqual([{ kind: 'lost_reply', committedUnacknowledged: true }]);
  });
});
