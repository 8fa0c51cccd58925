import { AssertionFailure, type EventEnvelope, err, ok, type TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId, sampleEvent } from '../fixtures.js';
import {
  asListed,
  committed,
  listIds,
  listOutbox,
  type StorageSuiteContext,
} from './storage-suite-context.js';

// Events sorted by id, the order the outbox lists them in.
function byId(events: readonly EventEnvelope[]): EventEnvelope[] {
  return [...events].sort((left, right) => (left.id < right.id ? -1 : 1));
}

function streamEvent(tenantId: TenantId, streamVersion: number): EventEnvelope {
  return {
    ...sampleEvent(tenantId, { streamVersion }),
    streamId: 'acc_01h2xcejqtf2nbrexx3vqjhp41',
    streamVersion,
    actor: 'usr_01h2xcejqtf2nbrexx3vqjhp41',
  };
}

/**
 * The outbox as the relay uses it: envelopes round-trip with their stream position and actor, and
 * `remove` acknowledges events inside a transaction, idempotently, within the write limits.
 */
export function defineOutboxCases(context: StorageSuiteContext): void {
  it('round-trips stream id, stream version and actor, in the transaction and after commit', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const events = [streamEvent(tenantId, 1), streamEvent(tenantId, 2_147_483_648)];
    const own = await committed(storage, tenantId, async (tx) => {
      await tx.outbox.append(events);
      return (await tx.outbox.list({ limit: 10 })).items;
    });
    expect(own).toEqual(byId(events));
    expect(await listOutbox(storage, tenantId)).toEqual(byId(events));
  });

  it('lists stream id, stream version and actor an envelope left out as null', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const omitted = sampleEvent(tenantId, { n: 1 });
    const explicit: EventEnvelope = {
      ...sampleEvent(tenantId, { n: 2 }),
      streamId: null,
      streamVersion: null,
      actor: null,
    };
    const own = await committed(storage, tenantId, async (tx) => {
      await tx.outbox.append([omitted, explicit]);
      return (await tx.outbox.list({ limit: 10 })).items;
    });
    const listed = await listOutbox(storage, tenantId);
    for (const items of [own, listed]) {
      expect(items).toEqual(byId([omitted, explicit]).map(asListed));
      for (const item of items) {
        expect([item.streamId, item.streamVersion, item.actor]).toEqual([null, null, null]);
      }
    }
  });

  it('refuses an envelope with a stream id but no stream version, storing nothing', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const broken: EventEnvelope = { ...sampleEvent(tenantId), streamId: 'acc_1' };
    const run = committed(storage, tenantId, async (tx) => {
      await tx.outbox.append([sampleEvent(tenantId)]);
      await tx.outbox.append([broken]);
      return null;
    });
    await expect(run).rejects.toBeInstanceOf(AssertionFailure);
    expect(await listOutbox(storage, tenantId)).toEqual([]);
  });

  it('hides removed events from the same transaction’s listings and from every later one', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const events = byId(Array.from({ length: 5 }, (_, index) => sampleEvent(tenantId, { index })));
    await committed(storage, tenantId, (tx) => tx.outbox.append(events));
    const [gone, kept] = [
      [events[0], events[2]].flatMap((event) => event ?? []),
      [events[1], events[3], events[4]].flatMap((event) => event ?? []),
    ];
    const pages = await committed(storage, tenantId, async (tx) => {
      await tx.outbox.remove(gone.map((event) => event.id));
      // Pages smaller than what was removed still fill up from the events left.
      const head = await tx.outbox.list({ limit: 2 });
      const tail = await tx.outbox.list({ limit: 2, ...(head.next ? { after: head.next } : {}) });
      return [head, tail];
    });
    expect(pages.flatMap((page) => page?.items ?? [])).toEqual(kept.map(asListed));
    expect(pages.map((page) => page?.next === null)).toEqual([false, true]);
    expect(await listOutbox(storage, tenantId)).toEqual(kept.map(asListed));
  });

  it('drops an event appended and removed in one transaction, and refuses appending it again', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const kept = sampleEvent(tenantId, { kept: true });
    const dropped = sampleEvent(tenantId, { kept: false });
    const own = await committed(storage, tenantId, async (tx) => {
      await tx.outbox.append([kept, dropped]);
      await tx.outbox.remove([dropped.id]);
      return (await tx.outbox.list({ limit: 10 })).items;
    });
    expect(own).toEqual([asListed(kept)]);
    expect(await listOutbox(storage, tenantId)).toEqual([asListed(kept)]);

    const again = committed(storage, tenantId, async (tx) => {
      await tx.outbox.remove([kept.id]);
      await tx.outbox.append([kept]);
      return null;
    });
    await expect(again).rejects.toBeInstanceOf(AssertionFailure);
    expect(await listOutbox(storage, tenantId)).toEqual([asListed(kept)]);
  });

  it('ignores ids that are not in the outbox, repeated ids and an empty list', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const event = sampleEvent(tenantId);
    await committed(storage, tenantId, (tx) => tx.outbox.append([event]));
    await committed(storage, tenantId, async (tx) => {
      await tx.outbox.remove([]);
      await tx.outbox.remove([sampleEvent(tenantId).id, 'evt_never_appended', '']);
      return null;
    });
    expect(await listOutbox(storage, tenantId)).toEqual([asListed(event)]);
    // Acknowledged twice, by one call and by a later transaction: both succeed.
    await committed(storage, tenantId, (tx) => tx.outbox.remove([event.id, event.id]));
    await committed(storage, tenantId, (tx) => tx.outbox.remove([event.id]));
    expect(await listOutbox(storage, tenantId)).toEqual([]);
  });

  it('lets two relays acknowledge the same events at once', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const events = Array.from({ length: 3 }, (_, index) => sampleEvent(tenantId, { index }));
    const other = sampleEvent(tenantId, { other: true });
    await committed(storage, tenantId, (tx) => tx.outbox.append([...events, other]));
    const ids = events.map((event) => event.id);
    const results = await Promise.all(
      [ids, [...ids].reverse()].map((order) =>
        storage.transaction(tenantId, async (tx) => ok(await tx.outbox.remove(order))),
      ),
    );
    expect(results.map((result) => result.isOk())).toEqual([true, true]);
    expect(await listOutbox(storage, tenantId)).toEqual([asListed(other)]);
  });

  it('removes nothing when the transaction returns err or throws', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const event = sampleEvent(tenantId);
    await committed(storage, tenantId, (tx) => tx.outbox.append([event]));
    const refused = await storage.transaction(tenantId, async (tx) => {
      await tx.outbox.remove([event.id]);
      return err({ type: 'relay.publish_failed' as const });
    });
    expect(refused._unsafeUnwrapErr()).toEqual({ type: 'relay.publish_failed' });
    const failure = new Error('bug in the relay');
    const thrown = storage.transaction(tenantId, async (tx) => {
      await tx.outbox.remove([event.id]);
      throw failure;
    });
    await expect(thrown).rejects.toBe(failure);
    expect(await listOutbox(storage, tenantId)).toEqual([asListed(event)]);
  });

  it('counts each removed id as one write and refuses the remove past writesPerTransaction', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const maximum = storage.limits.writesPerTransaction;
    const event = sampleEvent(tenantId);
    await committed(storage, tenantId, (tx) => tx.outbox.append([event]));
    const result = await storage.transaction(tenantId, async (tx) => {
      for (let index = 0; index < maximum; index += 1) {
        await tx.records.put({
          collection: 'items',
          id: `i${index}`,
          data: {},
          expectedVersion: 0,
        });
      }
      await tx.outbox.remove([event.id]);
      return ok(null);
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'storage.limit_exceeded',
      limit: 'writes_per_transaction',
      maximum,
      attempted: maximum + 1,
    });
    expect(await listIds(storage, tenantId, 'items')).toEqual([]);
    expect(await listOutbox(storage, tenantId)).toEqual([asListed(event)]);
  });

  it('counts an event appended and removed in one transaction as one write', async () => {
    const storage = context.storage();
    const tenantId = freshTenantId();
    const maximum = storage.limits.writesPerTransaction;
    const dropped = sampleEvent(tenantId);
    await committed(storage, tenantId, async (tx) => {
      for (let index = 0; index < maximum - 1; index += 1) {
        await tx.records.put({
          collection: 'items',
          id: `i${index}`,
          data: {},
          expectedVersion: 0,
        });
      }
      await tx.outbox.append([dropped]);
      await tx.outbox.remove([dropped.id, dropped.id]);
      return null;
    });
    expect(await listIds(storage, tenantId, 'items')).toHaveLength(maximum - 1);
    expect(await listOutbox(storage, tenantId)).toEqual([]);
  });
}
