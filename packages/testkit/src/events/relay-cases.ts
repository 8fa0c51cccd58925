import {
  consumeOnce,
  createEventStore,
  createInProcessPublisher,
  createOutboxRelay,
  listDeadLetters,
  type OutboxRelay,
  type Publisher,
  type PublishOutcome,
  replayDeadLetters,
  startOutboxRelay,
} from '@strongroom/events';
import { type EventEnvelope, FakeClock, ok, type TenantId } from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { freshTenantId, sampleEvent } from '../fixtures.js';
import type { EventsSuiteContext } from './events-suite-context.js';
import { appendRounds, inTransaction } from './stream-cases.js';

/** Drives a relay until a round publishes and dead-letters nothing. */
async function drainRelay(relay: OutboxRelay, tenantId: TenantId): Promise<void> {
  for (let round = 0; round < 100; round += 1) {
    const outcome = (await relay.relayOnce(tenantId))._unsafeUnwrap();
    if (outcome.status !== 'relayed' || !outcome.more) return;
  }
  throw new Error('the relay did not settle within 100 rounds');
}

/** A publisher refusing events of one type for good, publishing the rest into `received`. */
function refusingPublisher(received: EventEnvelope[], refusedType: string): Publisher {
  return {
    name: 'suite-refusing',
    batchSizeMax: 10,
    preservesOrder: false,
    async publish(events) {
      return events.map((event): PublishOutcome => {
        if (event.type === refusedType)
          return { status: 'failed', retryable: false, reason: 'schema rejected' };
        received.push(event);
        return { status: 'published' };
      });
    },
  };
}

/** The outbox relay: order per stream, retries with backoff, the error bus, replay, the lease. */
export function defineRelayCases(context: EventsSuiteContext): void {
  const store = createEventStore();

  async function outboxSize(tenantId: TenantId) {
    return (await inTransaction(context, tenantId, (tx) => tx.outbox.list({ limit: 1000 }))).items
      .length;
  }

  it('publishes every event once, in order per stream, and empties the outbox', async () => {
    for (const preservesOrder of [true, false]) {
      const tenantId = freshTenantId('relay');
      await appendRounds(context, store, tenantId, ['a', 'b', 'c'], 4);
      const received: EventEnvelope[] = [];
      const inner = createInProcessPublisher();
      inner.subscribe((event) => {
        received.push(event);
      });
      const publisher: Publisher = { ...inner, preservesOrder, batchSizeMax: 5 };
      const relay = createOutboxRelay({ storage: context.storage(), publisher, pageSize: 7 });
      await drainRelay(relay, tenantId);
      expect(received).toHaveLength(12);
      expect(new Set(received.map((event) => event.id)).size).toBe(12);
      for (const streamId of ['a', 'b', 'c']) {
        const versions = received
          .filter((event) => event.streamId === streamId)
          .map((event) => event.streamVersion);
        expect(versions).toEqual([1, 2, 3, 4]);
      }
      expect(await outboxSize(tenantId)).toBe(0);
    }
  });

  it('retries a failing event with growing backoff, holding back its stream only', async () => {
    const tenantId = freshTenantId('relay');
    await appendRounds(context, store, tenantId, ['flaky', 'steady'], 2);
    const clock = new FakeClock(new Date('2026-05-01T00:00:00.000Z'));
    const received: EventEnvelope[] = [];
    let failuresLeft = 2;
    const publisher = createInProcessPublisher();
    publisher.subscribe((event) => {
      if (event.streamId === 'flaky' && failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('bus unavailable');
      }
      received.push(event);
    });
    const relay = createOutboxRelay({
      storage: context.storage(),
      publisher,
      clock,
      backoffBaseMs: 1_000,
    });
    await drainRelay(relay, tenantId);
    expect(received.map((event) => `${event.streamId}:${event.streamVersion}`)).toEqual([
      'steady:1',
      'steady:2',
    ]);
    clock.advance(999);
    await drainRelay(relay, tenantId);
    expect(received).toHaveLength(2);
    clock.advance(1);
    await drainRelay(relay, tenantId);
    expect(received).toHaveLength(2);
    clock.advance(2_000);
    await drainRelay(relay, tenantId);
    expect(received.slice(2).map((event) => `${event.streamId}:${event.streamVersion}`)).toEqual([
      'flaky:1',
      'flaky:2',
    ]);
    expect(await outboxSize(tenantId)).toBe(0);
  });

  it('moves an event that keeps failing to the error bus with the reason, and replays it', async () => {
    const tenantId = freshTenantId('relay');
    await appendRounds(context, store, tenantId, ['a'], 2);
    const clock = new FakeClock(new Date('2026-05-01T00:00:00.000Z'));
    const publisher = createInProcessPublisher();
    let broken = true;
    const received: EventEnvelope[] = [];
    publisher.subscribe((event) => {
      if (broken && event.streamVersion === 1) throw new TypeError('consumer bug');
      received.push(event);
    });
    const relay = createOutboxRelay({
      storage: context.storage(),
      publisher: { ...publisher, preservesOrder: false, batchSizeMax: 10 },
      clock,
      attemptsMax: 3,
      backoffBaseMs: 1_000,
    });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await drainRelay(relay, tenantId);
      clock.advance(10_000);
    }
    await drainRelay(relay, tenantId);
    expect(received.map((event) => event.streamVersion)).toEqual([2]);
    const letters = (
      await listDeadLetters(context.storage(), tenantId, { limit: 10 })
    )._unsafeUnwrap();
    expect(letters.items).toHaveLength(1);
    const [letter] = letters.items;
    expect(letter?.reason).toBe('handler threw TypeError');
    expect(letter?.attempts).toBe(3);
    expect(letter?.publisher).toBe('in-process');
    expect(letter?.event.streamVersion).toBe(1);
    expect(await outboxSize(tenantId)).toBe(0);
    broken = false;
    const eventId = letter?.event.id ?? '';
    expect(
      (
        await replayDeadLetters(context.storage(), tenantId, [eventId, 'evt_unknown'])
      )._unsafeUnwrap(),
    ).toBe(1);
    await drainRelay(relay, tenantId);
    expect(received.map((event) => event.id)).toContain(eventId);
    expect(
      (await listDeadLetters(context.storage(), tenantId, { limit: 10 }))._unsafeUnwrap().items,
    ).toEqual([]);
  });

  it('dead-letters at once what retrying cannot fix, and goes on with the rest', async () => {
    const tenantId = freshTenantId('relay');
    await inTransaction(context, tenantId, (tx) =>
      tx.outbox.append([
        { ...sampleEvent(tenantId), type: 'suite.poison' },
        sampleEvent(tenantId, { n: 2 }),
      ]),
    );
    const received: EventEnvelope[] = [];
    const relay = createOutboxRelay({
      storage: context.storage(),
      publisher: refusingPublisher(received, 'suite.poison'),
    });
    await drainRelay(relay, tenantId);
    expect(received.map((event) => event.payload)).toEqual([{ n: 2 }]);
    const letters = (
      await listDeadLetters(context.storage(), tenantId, { limit: 10 })
    )._unsafeUnwrap();
    expect(
      letters.items.map((letter) => [letter.event.type, letter.reason, letter.attempts]),
    ).toEqual([['suite.poison', 'schema rejected', 1]]);
  });

  it('lets one relay hold a tenant at a time, and another take over when its lease lapses', async () => {
    const tenantId = freshTenantId('relay');
    await appendRounds(context, store, tenantId, ['a'], 1);
    const clock = new FakeClock(new Date('2026-05-01T00:00:00.000Z'));
    const publisher = createInProcessPublisher();
    const first = createOutboxRelay({
      storage: context.storage(),
      publisher,
      clock,
      holder: 'first',
      leaseMs: 5_000,
    });
    const second = createOutboxRelay({
      storage: context.storage(),
      publisher,
      clock,
      holder: 'second',
      leaseMs: 5_000,
    });
    expect((await first.relayOnce(tenantId))._unsafeUnwrap().status).toBe('relayed');
    expect((await second.relayOnce(tenantId))._unsafeUnwrap()).toEqual({
      status: 'lease_held_elsewhere',
    });
    clock.advance(5_001);
    expect((await second.relayOnce(tenantId))._unsafeUnwrap().status).toBe('relayed');
    expect((await first.relayOnce(tenantId))._unsafeUnwrap()).toEqual({
      status: 'lease_held_elsewhere',
    });
  });

  it('hands its lease over when released, but never a lease another relay took since', async () => {
    const tenantId = freshTenantId('relay');
    await appendRounds(context, store, tenantId, ['a'], 1);
    const clock = new FakeClock(new Date('2026-05-01T00:00:00.000Z'));
    const publisher = createInProcessPublisher();
    const relay = (holder: string) =>
      createOutboxRelay({ storage: context.storage(), publisher, clock, holder, leaseMs: 5_000 });
    const [first, second, third] = [relay('first'), relay('second'), relay('third')];
    expect((await first.relayOnce(tenantId))._unsafeUnwrap().status).toBe('relayed');
    expect((await second.relayOnce(tenantId))._unsafeUnwrap().status).toBe('lease_held_elsewhere');
    // Released, the lease is taken at once, with no clock advance.
    expect(await first.releaseLeases()).toEqual(new Map());
    expect((await second.relayOnce(tenantId))._unsafeUnwrap().status).toBe('relayed');
    // The second relay's lease lapses and the first takes the tenant again; the second's release
    // then leaves the first's lease alone.
    clock.advance(5_001);
    expect((await first.relayOnce(tenantId))._unsafeUnwrap().status).toBe('relayed');
    expect(await second.releaseLeases()).toEqual(new Map());
    expect((await third.relayOnce(tenantId))._unsafeUnwrap().status).toBe('lease_held_elsewhere');
  });

  it('hands its leases over when the background relay stops', async () => {
    const tenantId = freshTenantId('relay');
    await appendRounds(context, store, tenantId, ['a'], 1);
    const clock = new FakeClock(new Date('2026-05-01T00:00:00.000Z'));
    const publisher = createInProcessPublisher();
    const published: string[] = [];
    publisher.subscribe((event) => {
      published.push(event.id);
    });
    const relay = (holder: string) =>
      createOutboxRelay({ storage: context.storage(), publisher, clock, holder, leaseMs: 5_000 });
    const running = startOutboxRelay(relay('first'), { tenants: () => [tenantId], intervalMs: 5 });
    await expect.poll(() => published.length, { timeout: 10_000 }).toBe(1);
    await running.stop();
    expect((await relay('second').relayOnce(tenantId))._unsafeUnwrap().status).toBe('relayed');
  });

  it('lets a consumer process a redelivered event once', async () => {
    const tenantId = freshTenantId('relay');
    const event = sampleEvent(tenantId);
    const handle = () =>
      consumeOnce(context.storage(), tenantId, 'suite-consumer', event.id, async (tx) => {
        const seen = await tx.records.get('suite.consumed', 'count');
        const count = ((seen?.data['count'] as number | undefined) ?? 0) + 1;
        await tx.records.put({
          collection: 'suite.consumed',
          id: 'count',
          data: { count },
          expectedVersion: seen?.version ?? 0,
        });
        return ok(count);
      });
    expect((await handle())._unsafeUnwrap()).toEqual({ status: 'processed', value: 1 });
    expect((await handle())._unsafeUnwrap()).toEqual({ status: 'duplicate' });
    const other = await consumeOnce(
      context.storage(),
      tenantId,
      'other-consumer',
      event.id,
      async () => ok('x'),
    );
    expect(other._unsafeUnwrap()).toEqual({ status: 'processed', value: 'x' });
  });
}
