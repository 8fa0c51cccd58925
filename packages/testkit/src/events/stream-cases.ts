import { createEventStore, type EventMetadata, type EventStore } from '@strongroom/events';
import { err, FakeClock, ok, type StorageTransaction, type TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId } from '../fixtures.js';
import type { EventsSuiteContext } from './events-suite-context.js';

/** Metadata every case appends with, so the suite can check it comes back unchanged. */
export const SUITE_METADATA: EventMetadata = {
  correlationId: 'req_events_suite',
  causationId: 'cmd_events_suite',
  actor: 'system:events-suite',
};

/** Runs a function in one transaction and unwraps it; a storage error fails the case. */
export async function inTransaction<T>(
  context: EventsSuiteContext,
  tenantId: TenantId,
  fn: (tx: StorageTransaction) => Promise<T>,
): Promise<T> {
  const result = await context.storage().transaction(tenantId, async (tx) => ok(await fn(tx)));
  if (result.isErr()) throw new Error(`transaction failed: ${result.error.type}`);
  return result.value;
}

/** `counter.added` with an amount: the event most cases append. */
export function added(amount: number) {
  return { type: 'counter.added', payload: { amount } };
}

/**
 * Appends `perStream` events to each stream, interleaving the streams (round 1 of every stream,
 * then round 2…), one transaction per event, each at the version it expects.
 */
export async function appendRounds(
  context: EventsSuiteContext,
  store: EventStore,
  tenantId: TenantId,
  streams: readonly string[],
  perStream: number,
): Promise<void> {
  for (let round = 1; round <= perStream; round += 1) {
    for (const streamId of streams) {
      await inTransaction(context, tenantId, (tx) =>
        store.appendToStream(tx, streamId, [added(round)], {
          expectedVersion: round - 1,
          metadata: SUITE_METADATA,
        }),
      );
    }
  }
}

/** Appending, reading and the optimistic lock of one stream. */
export function defineStreamCases(context: EventsSuiteContext): void {
  const clock = new FakeClock(new Date('2026-03-01T12:00:00.000Z'));
  const store = createEventStore({ clock });

  it('appends to a new stream at expected version 0 and reads the events back in order', async () => {
    const tenantId = freshTenantId('events');
    const receipt = await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(tx, 'counter-1', [added(1), added(2), added(3)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    expect(receipt._unsafeUnwrap().nextExpectedVersion).toBe(3);
    const slice = (
      await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'counter-1'))
    )._unsafeUnwrap();
    expect(slice.streamVersion).toBe(3);
    expect(slice.events.map((event) => [event.streamVersion, event.payload['amount']])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    const [first] = slice.events;
    expect(first?.metadata).toEqual(SUITE_METADATA);
    expect(first?.schemaVersion).toBe(1);
    expect(first?.occurredAt.toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(first?.id).toMatch(/^evt_/);
    expect(new Set(slice.events.map((event) => event.id)).size).toBe(3);
  });

  it('reads a stream forward from a version, a bounded number of events', async () => {
    const tenantId = freshTenantId('events');
    await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(tx, 'counter-1', [1, 2, 3, 4, 5].map(added), {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    const slice = (
      await inTransaction(context, tenantId, (tx) =>
        store.readStream(tx, 'counter-1', { fromVersion: 2, limit: 3 }),
      )
    )._unsafeUnwrap();
    expect(slice.events.map((event) => event.streamVersion)).toEqual([2, 3, 4]);
    expect(slice.streamVersion).toBe(5);
  });

  it('answers an unknown stream with version 0 and no events', async () => {
    const tenantId = freshTenantId('events');
    const slice = await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'nobody'));
    expect(slice._unsafeUnwrap()).toEqual({ streamVersion: 0, events: [] });
  });

  it('reads several streams at once, each as readStream reads it, in the order asked', async () => {
    const tenantId = freshTenantId('events');
    await appendRounds(context, store, tenantId, ['batch-a', 'batch-b'], 3);
    const [together, alone] = await inTransaction(context, tenantId, async (tx) => [
      await store.readStreams(tx, ['batch-b', 'nobody', 'batch-a']),
      [
        await store.readStream(tx, 'batch-b'),
        await store.readStream(tx, 'nobody'),
        await store.readStream(tx, 'batch-a'),
      ],
    ]);
    const slices = together._unsafeUnwrap();
    expect(slices).toEqual(alone.map((slice) => slice._unsafeUnwrap()));
    expect(slices.map((slice) => slice.streamVersion)).toEqual([3, 0, 3]);
    expect(slices[0]?.events.map((event) => [event.streamId, event.payload['amount']])).toEqual([
      ['batch-b', 1],
      ['batch-b', 2],
      ['batch-b', 3],
    ]);
  });

  it('refuses a malformed stream id among several with a typed error', async () => {
    const tenantId = freshTenantId('events');
    const read = await inTransaction(context, tenantId, (tx) =>
      store.readStreams(tx, ['counter-1', 'a/b']),
    );
    expect(read._unsafeUnwrapErr()).toEqual({
      type: 'events.invalid_stream_id',
      reason: 'bad_characters',
    });
  });

  it('refuses an append at a stale expected version with the actual version, writing nothing', async () => {
    const tenantId = freshTenantId('events');
    await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(tx, 'counter-1', [added(1), added(2)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    for (const expectedVersion of [0, 1, 3]) {
      const refused = await inTransaction(context, tenantId, (tx) =>
        store.appendToStream(tx, 'counter-1', [added(9)], {
          expectedVersion,
          metadata: SUITE_METADATA,
        }),
      );
      expect(refused._unsafeUnwrapErr()).toEqual({
        type: 'events.version_conflict',
        streamId: 'counter-1',
        expectedVersion,
        actualVersion: 2,
      });
    }
    const slice = await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'counter-1'));
    expect(slice._unsafeUnwrap().streamVersion).toBe(2);
  });

  it("appends without a check at expected version 'any'", async () => {
    const tenantId = freshTenantId('events');
    for (const amount of [1, 2]) {
      await inTransaction(context, tenantId, (tx) =>
        store.appendToStream(tx, 'counter-1', [added(amount)], {
          expectedVersion: 'any',
          metadata: SUITE_METADATA,
        }),
      );
    }
    const slice = await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'counter-1'));
    expect(slice._unsafeUnwrap().events.map((event) => event.payload['amount'])).toEqual([1, 2]);
  });

  it('refuses malformed stream ids with a typed error and writes nothing', async () => {
    const tenantId = freshTenantId('events');
    const cases = [
      ['', 'empty'],
      ['x'.repeat(201), 'too_long'],
      ['a/b', 'bad_characters'],
      ['-leading', 'bad_characters'],
      ['space here', 'bad_characters'],
    ] as const;
    for (const [streamId, reason] of cases) {
      const appended = await inTransaction(context, tenantId, (tx) =>
        store.appendToStream(tx, streamId, [added(1)], {
          expectedVersion: 0,
          metadata: SUITE_METADATA,
        }),
      );
      expect(appended._unsafeUnwrapErr()).toEqual({ type: 'events.invalid_stream_id', reason });
      const read = await inTransaction(context, tenantId, (tx) => store.readStream(tx, streamId));
      expect(read._unsafeUnwrapErr()).toEqual({ type: 'events.invalid_stream_id', reason });
    }
    const outbox = await inTransaction(context, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(outbox.items).toEqual([]);
  });

  it('puts every appended event in the outbox with its stream, version and actor', async () => {
    const tenantId = freshTenantId('events');
    const receipt = await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(tx, 'counter-1', [added(1), added(2)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    const outbox = await inTransaction(context, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(outbox.items.map((event) => event.id).sort()).toEqual(
      receipt
        ._unsafeUnwrap()
        .events.map((event) => event.id)
        .sort(),
    );
    const byVersion = [...outbox.items].sort(
      (a, b) => (a.streamVersion ?? 0) - (b.streamVersion ?? 0),
    );
    expect(
      byVersion.map((event) => ({
        type: event.type,
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.causationId,
        payload: event.payload,
      })),
    ).toEqual([
      {
        type: 'counter.added',
        streamId: 'counter-1',
        streamVersion: 1,
        actor: SUITE_METADATA.actor,
        correlationId: SUITE_METADATA.correlationId,
        causationId: SUITE_METADATA.causationId,
        payload: { amount: 1 },
      },
      {
        type: 'counter.added',
        streamId: 'counter-1',
        streamVersion: 2,
        actor: SUITE_METADATA.actor,
        correlationId: SUITE_METADATA.correlationId,
        causationId: SUITE_METADATA.causationId,
        payload: { amount: 2 },
      },
    ]);
  });

  it('rolls an append back with the rest of a transaction that fails', async () => {
    const tenantId = freshTenantId('events');
    const failed = await context.storage().transaction(tenantId, async (tx) => {
      const appended = await store.appendToStream(tx, 'counter-1', [added(1)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      });
      expect(appended.isOk()).toBe(true);
      return err({ type: 'suite.rolled_back' as const });
    });
    expect(failed._unsafeUnwrapErr()).toEqual({ type: 'suite.rolled_back' });
    const slice = await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'counter-1'));
    expect(slice._unsafeUnwrap().streamVersion).toBe(0);
    const outbox = await inTransaction(context, tenantId, (tx) => tx.outbox.list({ limit: 10 }));
    expect(outbox.items).toEqual([]);
  });

  it('lets exactly one of four concurrent appends at one expected version commit', async () => {
    const tenantId = freshTenantId('events');
    await inTransaction(context, tenantId, (tx) =>
      store.appendToStream(tx, 'counter-1', [added(1)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    const outcomes = await Promise.all(
      [10, 20, 30, 40].map((amount) =>
        context.storage().transaction(tenantId, (tx) =>
          store.appendToStream(tx, 'counter-1', [added(amount)], {
            expectedVersion: 1,
            metadata: SUITE_METADATA,
          }),
        ),
      ),
    );
    const committed = outcomes.filter((outcome) => outcome.isOk());
    expect(committed).toHaveLength(1);
    for (const outcome of outcomes.filter((candidate) => candidate.isErr())) {
      expect(['events.version_conflict', 'storage.conflict']).toContain(
        outcome._unsafeUnwrapErr().type,
      );
    }
    const slice = await inTransaction(context, tenantId, (tx) => store.readStream(tx, 'counter-1'));
    expect(slice._unsafeUnwrap().events).toHaveLength(2);
  });

  it('keeps tenants apart: another tenant sees neither the stream nor its events', async () => {
    const owner = freshTenantId('events');
    const other = freshTenantId('events');
    await inTransaction(context, owner, (tx) =>
      store.appendToStream(tx, 'counter-1', [added(1)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    const seen = await inTransaction(context, other, (tx) => store.readStream(tx, 'counter-1'));
    expect(seen._unsafeUnwrap()).toEqual({ streamVersion: 0, events: [] });
    const appended = await inTransaction(context, other, (tx) =>
      store.appendToStream(tx, 'counter-1', [added(2)], {
        expectedVersion: 0,
        metadata: SUITE_METADATA,
      }),
    );
    expect(appended.isOk()).toBe(true);
    const still = await inTransaction(context, owner, (tx) => store.readStream(tx, 'counter-1'));
    expect(still._unsafeUnwrap().events.map((event) => event.payload['amount'])).toEqual([1]);
  });
}
