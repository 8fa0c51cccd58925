import {
  createEventStore,
  type Projection,
  rebuildProjection,
  runProjection,
  sequenceEvents,
} from '@strongroom/events';
import type { TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { EventsSuiteContext } from './events-suite-context.js';
import { inTransaction, SUITE_METADATA } from './stream-cases.js';

const TOTALS = 'suite.counter_totals';

/** A read model of totals per stream: a double application shows as a wrong total. */
function totalsProjection(failOnAmount?: number): Projection {
  return {
    name: 'suite-totals',
    eventTypes: ['counter.added'],
    collections: [TOTALS],
    async apply(tx, event) {
      const amount = event.payload['amount'] as number;
      if (amount === failOnAmount) throw new Error('projection bug');
      const current = await tx.records.get(TOTALS, event.streamId);
      const total = ((current?.data['total'] as number | undefined) ?? 0) + amount;
      await tx.records.put({
        collection: TOTALS,
        id: event.streamId,
        data: { total },
        expectedVersion: current?.version ?? 0,
      });
    },
  };
}

/** Projections: checkpoint and read model in one transaction, exactly once, rebuildable. */
export function defineProjectionCases(context: EventsSuiteContext): void {
  const store = createEventStore();

  async function appendAndSequence(
    tenantId: TenantId,
    streamId: string,
    amounts: readonly number[],
  ) {
    await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(
        tx,
        streamId,
        [
          ...amounts.map((amount) => ({ type: 'counter.added', payload: { amount } })),
          { type: 'counter.closed', payload: { reason: 'skipped by the projection' } },
        ],
        { expectedVersion: 'any', metadata: SUITE_METADATA },
      ),
    );
    for (;;) {
      const outcome = (await sequenceEvents(context.storage(), tenantId))._unsafeUnwrap();
      if (outcome.sequenced === 0) return;
    }
  }

  async function total(tenantId: TenantId, streamId: string) {
    const record = await inTransaction(context, tenantId, (tx) => tx.records.get(TOTALS, streamId));
    return record?.data['total'];
  }

  async function catchUp(tenantId: TenantId, projection: Projection) {
    for (;;) {
      const outcome = (
        await runProjection(context.storage(), store, tenantId, projection, { batchSizeMax: 4 })
      )._unsafeUnwrap();
      if (outcome.processed === 0) return outcome.position;
    }
  }

  it('applies each sequenced event once, however often the runner is called', async () => {
    const tenantId = freshTenantId('events');
    await appendAndSequence(tenantId, 'a', [1, 2, 3, 4, 5]);
    await appendAndSequence(tenantId, 'b', [10]);
    const projection = totalsProjection();
    expect(await catchUp(tenantId, projection)).toBe(8);
    expect(await catchUp(tenantId, projection)).toBe(8);
    expect(await total(tenantId, 'a')).toBe(15);
    expect(await total(tenantId, 'b')).toBe(10);
  });

  it('runs concurrent runners without applying an event twice', async () => {
    const tenantId = freshTenantId('events');
    await appendAndSequence(
      tenantId,
      'a',
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    const projection = totalsProjection();
    const runner = async () => {
      for (let round = 0; round < 40; round += 1) {
        const outcome = await runProjection(context.storage(), store, tenantId, projection, {
          batchSizeMax: 3,
        });
        if (outcome.isErr()) expect(outcome.error.type).toBe('storage.conflict');
        else if (outcome.value.processed === 0) return;
      }
    };
    await Promise.all([runner(), runner(), runner()]);
    await catchUp(tenantId, projection);
    expect(await total(tenantId, 'a')).toBe(210);
  });

  it('keeps read model and checkpoint together when applying throws midway', async () => {
    const tenantId = freshTenantId('events');
    await appendAndSequence(tenantId, 'a', [1, 2, 3]);
    await expect(
      runProjection(context.storage(), store, tenantId, totalsProjection(3)),
    ).rejects.toThrow('projection bug');
    expect(await total(tenantId, 'a')).toBeUndefined();
    expect(await catchUp(tenantId, totalsProjection())).toBe(4);
    expect(await total(tenantId, 'a')).toBe(6);
  });

  it('rebuilds from zero to the same read model', async () => {
    const tenantId = freshTenantId('events');
    await appendAndSequence(tenantId, 'a', [1, 2]);
    await appendAndSequence(tenantId, 'b', [7]);
    const projection = totalsProjection();
    await catchUp(tenantId, projection);
    await inTransaction(context, tenantId, async (tx) => {
      const current = await tx.records.get(TOTALS, 'a');
      await tx.records.put({
        collection: TOTALS,
        id: 'a',
        data: { total: -1 },
        expectedVersion: current?.version ?? 0,
      });
    });
    const rebuilt = (
      await rebuildProjection(context.storage(), tenantId, projection)
    )._unsafeUnwrap();
    expect(rebuilt).toEqual({ deleted: 2, complete: true });
    expect(await total(tenantId, 'a')).toBeUndefined();
    expect(await catchUp(tenantId, projection)).toBe(5);
    expect(await total(tenantId, 'a')).toBe(3);
    expect(await total(tenantId, 'b')).toBe(7);
  });
}
