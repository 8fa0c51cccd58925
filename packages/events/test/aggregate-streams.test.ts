import { err, ok, parseTenantId, type Storage, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { describe, expect, it } from 'vitest';
import {
  aggregateStream,
  aggregateStreams,
  createEventStore,
  type Decider,
  NO_METADATA,
  STREAM_READ_LIMIT_MAX,
  STREAMS_READ_MAX,
} from '../src/index.js';

const tenantId = unwrapOrThrow(parseTenantId('aggregate-streams-test'));

type Added = { type: 'added'; payload: { amount: number } };

// Sums what was added: enough to tell a fold that missed or repeated an event.
const sumDecider: Decider<never, number, Added, never> = {
  initialState: () => 0,
  decide: () => ok([]),
  evolve: (state, event) => state + event.payload.amount,
};

const store = createEventStore();

// Appends `count` events of amounts 1..count, in appends small enough for the memory storage.
async function appendEvents(storage: Storage, streamId: string, count: number): Promise<void> {
  const perAppend = 300;
  for (let from = 0; from < count; from += perAppend) {
    const events = Array.from({ length: Math.min(perAppend, count - from) }, (_, index) => ({
      type: 'added',
      payload: { amount: from + index + 1 },
    }));
    const appended = await storage.transaction(tenantId, (tx) =>
      store.appendToStream(tx, streamId, events, { expectedVersion: from, metadata: NO_METADATA }),
    );
    unwrapOrThrow(appended);
  }
}

describe('aggregateStreams', () => {
  it('folds streams longer than one read page, across several reads, as aggregateStream does', async () => {
    const storage = createMemoryStorage();
    const long = STREAM_READ_LIMIT_MAX + 200;
    await appendEvents(storage, 'long', long);
    await appendEvents(storage, 'short', 3);
    const streams = ['short', 'long', 'none'];
    const folded = await storage.transaction(tenantId, async (tx) => {
      const together = await aggregateStreams(tx, store, sumDecider, streams);
      if (together.isErr()) return err(together.error);
      const alone = [];
      for (const streamId of streams)
        alone.push(unwrapOrThrow(await aggregateStream(tx, store, sumDecider, streamId)));
      return ok({ together: together.value, alone });
    });
    const { together, alone } = unwrapOrThrow(folded);
    expect(together).toEqual(alone);
    expect(together.map((snapshot) => [snapshot.version, snapshot.state])).toEqual([
      [3, 6],
      [long, (long * (long + 1)) / 2],
      [0, 0],
    ]);
    expect(together[1]?.events.map((event) => event.streamVersion)).toEqual(
      Array.from({ length: long }, (_, index) => index + 1),
    );
  });

  it('refuses, as a programmer error, repeated streams or more than it reads at once', async () => {
    const storage = createMemoryStorage();
    const read = (streamIds: string[]) =>
      storage.transaction(tenantId, async (tx) =>
        ok(await aggregateStreams(tx, store, sumDecider, streamIds)),
      );
    await expect(read(['same', 'same'])).rejects.toThrow('distinct');
    const tooMany = Array.from({ length: STREAMS_READ_MAX + 1 }, (_, index) => `s-${index}`);
    await expect(read(tooMany)).rejects.toThrow(`1 to ${STREAMS_READ_MAX} streams`);
    await expect(read([])).rejects.toThrow(`1 to ${STREAMS_READ_MAX} streams`);
  });
});
