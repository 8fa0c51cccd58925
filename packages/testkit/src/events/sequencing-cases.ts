import { createEventStore, sequenceEvents } from '@strongroom/events';
import type { TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { EventsSuiteContext } from './events-suite-context.js';
import { added, appendRounds, inTransaction, SUITE_METADATA } from './stream-cases.js';

/** Global positions: gap-free, once each, in stream order, readable by position. */
export function defineSequencingCases(context: EventsSuiteContext): void {
  const store = createEventStore();

  async function drain(tenantId: TenantId): Promise<number> {
    let total = 0;
    for (;;) {
      const outcome = await sequenceEvents(context.storage(), tenantId);
      if (outcome.isErr()) {
        expect(outcome.error.type).toBe('storage.conflict');
        continue;
      }
      if (outcome.value.sequenced === 0) return total;
      total += outcome.value.sequenced;
    }
  }

  async function readEverything(tenantId: TenantId) {
    const events = [];
    let afterPosition = 0;
    for (;;) {
      const slice = await inTransaction(context, tenantId, (tx) =>
        store.readAll(tx, { afterPosition, limit: 7 }),
      );
      if (slice.events.length === 0) return events;
      events.push(...slice.events);
      afterPosition = slice.lastPosition;
    }
  }

  it('shows nothing in the global log until the sequencer has run', async () => {
    const tenantId = freshTenantId('events');
    await appendRounds(context, store, tenantId, ['a'], 2);
    const slice = await inTransaction(context, tenantId, (tx) => store.readAll(tx, { limit: 10 }));
    expect(slice).toEqual({ events: [], lastPosition: 0 });
  });

  it('gives every event one gap-free position, keeping each stream in version order', async () => {
    const tenantId = freshTenantId('events');
    await appendRounds(context, store, tenantId, ['a', 'b', 'c'], 4);
    expect(await drain(tenantId)).toBe(12);
    const events = await readEverything(tenantId);
    expect(events.map((event) => event.globalPosition)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    expect(new Set(events.map((event) => event.id)).size).toBe(12);
    for (const streamId of ['a', 'b', 'c']) {
      const versions = events
        .filter((event) => event.streamId === streamId)
        .map((event) => event.streamVersion);
      expect(versions).toEqual([1, 2, 3, 4]);
    }
  });

  it('continues positions after the last batch for events appended later', async () => {
    const tenantId = freshTenantId('events');
    await appendRounds(context, store, tenantId, ['a'], 2);
    await drain(tenantId);
    await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(tx, 'b', [added(5)], { expectedVersion: 0, metadata: SUITE_METADATA }),
    );
    await drain(tenantId);
    const slice = await inTransaction(context, tenantId, (tx) =>
      store.readAll(tx, { afterPosition: 2, limit: 10 }),
    );
    expect(slice.events.map((event) => [event.globalPosition, event.streamId])).toEqual([[3, 'b']]);
    expect(slice.lastPosition).toBe(3);
  });

  it('sequences each event exactly once when several sequencers run at the same time', async () => {
    const tenantId = freshTenantId('events');
    await appendRounds(context, store, tenantId, ['a', 'b', 'c', 'd', 'e'], 6);
    await Promise.all([drain(tenantId), drain(tenantId), drain(tenantId)]);
    const events = await readEverything(tenantId);
    expect(events).toHaveLength(30);
    expect(events.map((event) => event.globalPosition)).toEqual(
      Array.from({ length: 30 }, (_, index) => index + 1),
    );
    expect(new Set(events.map((event) => event.id)).size).toBe(30);
  });

  it('keeps each tenant on positions of its own', async () => {
    const first = freshTenantId('events');
    const second = freshTenantId('events');
    await appendRounds(context, store, first, ['a'], 3);
    await appendRounds(context, store, second, ['a'], 1);
    await drain(first);
    await drain(second);
    const seen = await readEverything(second);
    expect(seen.map((event) => [event.globalPosition, event.payload['amount']])).toEqual([[1, 1]]);
  });
}
