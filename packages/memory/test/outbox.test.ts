import {
  type EventEnvelope,
  ok,
  parseTenantId,
  type Storage,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { expect, it } from 'vitest';
import { createMemoryStorage } from '../src/index.js';

const tenantId = unwrapOrThrow(parseTenantId('outbox'));

function event(index: number): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'test.happened',
    schemaVersion: 1,
    payload: { index },
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    correlationId: null,
    causationId: null,
  };
}

async function append(storage: Storage, events: readonly EventEnvelope[]): Promise<void> {
  unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => ok(await tx.outbox.append(events))),
  );
}

async function remove(storage: Storage, ids: readonly string[]): Promise<void> {
  unwrapOrThrow(await storage.transaction(tenantId, async (tx) => ok(await tx.outbox.remove(ids))));
}

/**
 * Runs a relay that lists the outbox, waits while `between` commits, then removes what it listed,
 * and returns what each of its runs listed.
 */
async function relayAround(storage: Storage, between: () => Promise<void>): Promise<string[][]> {
  const listedOnce = Promise.withResolvers<void>();
  const otherDone = Promise.withResolvers<void>();
  const runs: string[][] = [];
  const relay = storage.transaction(tenantId, async (tx) => {
    const listed = (await tx.outbox.list({ limit: 10 })).items.map((item) => item.id);
    runs.push(listed);
    if (runs.length === 1) {
      listedOnce.resolve();
      await otherDone.promise;
    }
    await tx.outbox.remove(listed);
    return ok(null);
  });
  await listedOnce.promise;
  await between();
  otherDone.resolve();
  unwrapOrThrow(await relay);
  return runs;
}

it('re-runs a relay whose listing another commit changed by removing an event', async () => {
  const storage = createMemoryStorage();
  const [first, second] = [event(0), event(1)];
  if (first === undefined || second === undefined) throw new Error('two events');
  await append(storage, [first, second]);
  const runs = await relayAround(storage, () => remove(storage, [first.id]));
  expect(runs).toEqual([[first.id, second.id].sort(), [second.id]]);
  expect(
    unwrapOrThrow(
      await storage.transaction(tenantId, async (tx) => ok(await tx.outbox.list({ limit: 10 }))),
    ).items,
  ).toEqual([]);
});

it('does not re-run a relay when a concurrent removal finds nothing to remove', async () => {
  const storage = createMemoryStorage();
  const kept = event(0);
  await append(storage, [kept]);
  const runs = await relayAround(storage, () => remove(storage, [event(1).id]));
  expect(runs).toEqual([[kept.id]]);
});
