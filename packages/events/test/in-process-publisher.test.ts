import {
  type EventEnvelope,
  parseTenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { createInProcessPublisher, IN_PROCESS_HANDLERS_MAX } from '../src/index.js';

const tenantId = unwrapOrThrow(parseTenantId('in-process-test'));

function event(secret = 'nothing'): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'test.event',
    schemaVersion: 1,
    payload: { secret },
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    correlationId: null,
    causationId: null,
  };
}

describe('in-process publisher', () => {
  it('hands each event to every handler, in order', async () => {
    const publisher = createInProcessPublisher();
    const seen: string[] = [];
    publisher.subscribe((delivered) => {
      seen.push(`first:${delivered.id}`);
    });
    publisher.subscribe(async (delivered) => {
      seen.push(`second:${delivered.id}`);
    });
    const events = [event(), event()];
    expect(await publisher.publish(events)).toEqual([
      { status: 'published' },
      { status: 'published' },
    ]);
    expect(seen).toEqual(
      events.flatMap((delivered) => [`first:${delivered.id}`, `second:${delivered.id}`]),
    );
  });

  it('fails the event whose handler throws, names the error class only, and attempts nothing after it', async () => {
    const publisher = createInProcessPublisher();
    const seen: string[] = [];
    publisher.subscribe((delivered) => {
      if (delivered.payload['secret'] === 'card 4111111111111111')
        throw new RangeError(String(delivered.payload['secret']));
      seen.push(delivered.id);
    });
    const events = [event(), event('card 4111111111111111'), event()];
    const outcomes = await publisher.publish(events);
    expect(outcomes).toEqual([
      { status: 'published' },
      { status: 'failed', retryable: true, reason: 'handler threw RangeError' },
      { status: 'not_attempted' },
    ]);
    expect(seen).toEqual([events[0]?.id]);
  });

  it('stops delivering to a handler once it is unsubscribed', async () => {
    const publisher = createInProcessPublisher();
    const seen: string[] = [];
    const unsubscribe = publisher.subscribe((delivered) => {
      seen.push(delivered.id);
    });
    unsubscribe();
    expect(await publisher.publish([event()])).toEqual([{ status: 'published' }]);
    expect(seen).toEqual([]);
  });

  it('holds a bounded number of handlers', () => {
    const publisher = createInProcessPublisher();
    for (let index = 0; index < IN_PROCESS_HANDLERS_MAX; index += 1) publisher.subscribe(() => {});
    expect(() => publisher.subscribe(() => {})).toThrow(/at most/);
  });
});
