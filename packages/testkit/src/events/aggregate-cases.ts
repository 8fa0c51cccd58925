import {
  aggregateStream,
  aggregateStreams,
  createEventStore,
  handleCommand,
  type Upcaster,
} from '@strongroom/events';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import { counterDecider } from './counter-decider.js';
import type { EventsSuiteContext } from './events-suite-context.js';
import { inTransaction, SUITE_METADATA } from './stream-cases.js';

/** Deciders run against stored streams, and old event versions upcast on read. */
export function defineAggregateCases(context: EventsSuiteContext): void {
  const store = createEventStore();

  it('folds a stored stream, decides, and appends at the version folded', async () => {
    const tenantId = freshTenantId('events');
    const run = (command: Parameters<typeof counterDecider.decide>[0]) =>
      inTransaction(context, tenantId, (tx) =>
        handleCommand(tx, store, counterDecider, 'counter-7', command, SUITE_METADATA),
      );
    expect((await run({ kind: 'open', limit: 10 }))._unsafeUnwrap().version).toBe(1);
    expect((await run({ kind: 'add', amount: 6 }))._unsafeUnwrap().state.total).toBe(6);
    expect((await run({ kind: 'add', amount: 5 }))._unsafeUnwrapErr()).toEqual({
      type: 'counter.over_limit',
    });
    const closed = (await run({ kind: 'close' }))._unsafeUnwrap();
    expect(closed.state).toEqual({ status: 'closed', total: 6, limit: 10 });
    expect(closed.events.map((event) => event.type)).toEqual(['counter.closed']);
    const folded = await inTransaction(context, tenantId, (tx) =>
      aggregateStream(tx, store, counterDecider, 'counter-7'),
    );
    expect(folded._unsafeUnwrap().version).toBe(3);
    expect(folded._unsafeUnwrap().state).toEqual(closed.state);
  });

  it('keeps the limit under concurrent commands: no interleaving lets the total pass it', async () => {
    const tenantId = freshTenantId('events');
    await inTransaction(context, tenantId, (tx) =>
      handleCommand(
        tx,
        store,
        counterDecider,
        'counter-8',
        { kind: 'open', limit: 10 },
        SUITE_METADATA,
      ),
    );
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        context
          .storage()
          .transaction(tenantId, (tx) =>
            handleCommand(
              tx,
              store,
              counterDecider,
              'counter-8',
              { kind: 'add', amount: 3 },
              SUITE_METADATA,
            ),
          ),
      ),
    );
    const folded = await inTransaction(context, tenantId, (tx) =>
      aggregateStream(tx, store, counterDecider, 'counter-8'),
    );
    const accepted = outcomes.filter((outcome) => outcome.isOk()).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(folded._unsafeUnwrap().state.total).toBe(accepted * 3);
    expect(folded._unsafeUnwrap().state.total).toBeLessThanOrEqual(10);
    for (const outcome of outcomes.filter((candidate) => candidate.isErr())) {
      expect(['counter.over_limit', 'storage.conflict']).toContain(outcome._unsafeUnwrapErr().type);
    }
  });

  it('folds several streams at once into the snapshots it folds one by one', async () => {
    const tenantId = freshTenantId('events');
    const run = (streamId: string, command: Parameters<typeof counterDecider.decide>[0]) =>
      inTransaction(context, tenantId, (tx) =>
        handleCommand(tx, store, counterDecider, streamId, command, SUITE_METADATA),
      );
    await run('counter-a', { kind: 'open', limit: 10 });
    await run('counter-a', { kind: 'add', amount: 4 });
    await run('counter-b', { kind: 'open', limit: 5 });
    const streams = ['counter-b', 'counter-new', 'counter-a'];
    const [together, alone] = await inTransaction(context, tenantId, async (tx) => {
      const oneByOne = [];
      for (const streamId of streams)
        oneByOne.push(await aggregateStream(tx, store, counterDecider, streamId));
      return [await aggregateStreams(tx, store, counterDecider, streams), oneByOne] as const;
    });
    const snapshots = together._unsafeUnwrap();
    expect(snapshots).toEqual(alone.map((snapshot) => snapshot._unsafeUnwrap()));
    expect(snapshots.map((snapshot) => [snapshot.version, snapshot.state])).toEqual([
      [1, { status: 'open', total: 0, limit: 5 }],
      [0, counterDecider.initialState()],
      [2, { status: 'open', total: 4, limit: 10 }],
    ]);
  });

  it('upcasts events stored at an old schema version when they are read', async () => {
    const tenantId = freshTenantId('events');
    await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(
        tx,
        'legacy-1',
        [{ type: 'counter.added', schemaVersion: 1, payload: { cents: 250 } }],
        { expectedVersion: 0, metadata: SUITE_METADATA },
      ),
    );
    const upcasters: Upcaster[] = [
      {
        type: 'counter.added',
        fromVersion: 1,
        upcast: (payload) => ({ amountMinor: String(payload['cents']) }),
      },
      {
        type: 'counter.added',
        fromVersion: 2,
        upcast: (payload) => ({ ...payload, currency: 'EUR' }),
      },
    ];
    const upcasting = createEventStore({ upcasters });
    const slice = await inTransaction(context, tenantId, (tx) =>
      upcasting.readStream(tx, 'legacy-1'),
    );
    const [event] = slice._unsafeUnwrap().events;
    expect(event?.schemaVersion).toBe(3);
    expect(event?.payload).toEqual({ amountMinor: '250', currency: 'EUR' });
    const raw = await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'legacy-1'));
    expect(raw._unsafeUnwrap().events[0]?.payload).toEqual({ cents: 250 });
  });
}
