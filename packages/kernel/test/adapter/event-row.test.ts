import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventRowByteLength, fromEventRow, toEventRow } from '../../src/adapter.js';
import {
  AssertionFailure,
  type EventEnvelope,
  parseTenantId,
  type TenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '../../src/index.js';

const tenantId: TenantId = unwrapOrThrow(parseTenantId('acme'));

function envelope(fields: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'test.thing.happened',
    schemaVersion: 1,
    payload: { amountMinor: '1250' },
    occurredAt: new Date('2026-03-01T12:00:00.000Z'),
    correlationId: 'req_1',
    causationId: null,
    ...fields,
  };
}

// What storing a row as JSON and reading it back does, as the memory and DynamoDB adapters do.
const throughJson = (row: object) =>
  JSON.parse(JSON.stringify(row)) as Parameters<typeof fromEventRow>[1];

describe('toEventRow and fromEventRow', () => {
  it('round-trips stream and actor fields when set', () => {
    const event = envelope({ streamId: 'acc_1', streamVersion: 7, actor: 'provider:stripe' });
    const row = toEventRow(tenantId, event);
    expect(row).toMatchObject({ streamId: 'acc_1', streamVersion: 7, actor: 'provider:stripe' });
    expect(fromEventRow(tenantId, throughJson(row))).toEqual(event);
  });

  it('stores absent stream and actor fields as null and reads them back as null', () => {
    const event = envelope();
    const row = toEventRow(tenantId, event);
    expect(row).toMatchObject({ streamId: null, streamVersion: null, actor: null });
    expect(fromEventRow(tenantId, throughJson(row))).toEqual({
      ...event,
      streamId: null,
      streamVersion: null,
      actor: null,
    });
  });

  it('reads a row stored before the stream and actor fields existed as null', () => {
    const { streamId, streamVersion, actor, ...older } = toEventRow(tenantId, envelope());
    expect([streamId, streamVersion, actor]).toEqual([null, null, null]);
    expect(fromEventRow(tenantId, throughJson(older))).toMatchObject({
      streamId: null,
      streamVersion: null,
      actor: null,
    });
  });

  it('round-trips any valid stream position and actor', () => {
    fc.assert(
      fc.property(
        fc.option(
          fc.record({
            streamId: fc.string({ minLength: 1, maxLength: 256 }),
            streamVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          }),
        ),
        fc.option(fc.string({ maxLength: 256 })),
        (stream, actor) => {
          const event = envelope({ ...(stream ?? {}), actor });
          const read = fromEventRow(tenantId, throughJson(toEventRow(tenantId, event)));
          expect(read).toEqual({
            ...event,
            streamId: stream?.streamId ?? null,
            streamVersion: stream?.streamVersion ?? null,
            actor,
          });
        },
      ),
    );
  });

  it.each([
    ['a stream id without a version', { streamId: 'acc_1' }, /both/],
    ['a version without a stream id', { streamVersion: 1 }, /both/],
    ['a null version beside a stream id', { streamId: 'acc_1', streamVersion: null }, /both/],
    ['an empty stream id', { streamId: '', streamVersion: 1 }, /stream ids/],
    [
      'a stream id of 257 characters',
      { streamId: 's'.repeat(257), streamVersion: 1 },
      /stream ids/,
    ],
    ['stream version 0', { streamId: 'acc_1', streamVersion: 0 }, /streamVersion/],
    ['a negative stream version', { streamId: 'acc_1', streamVersion: -1 }, /streamVersion/],
    ['a fractional stream version', { streamId: 'acc_1', streamVersion: 1.5 }, /streamVersion/],
    ['an unsafe stream version', { streamId: 'acc_1', streamVersion: 2 ** 53 }, /streamVersion/],
    ['a NaN stream version', { streamId: 'acc_1', streamVersion: Number.NaN }, /streamVersion/],
    ['an actor of 257 characters', { actor: 'a'.repeat(257) }, /actors/],
    ['schema version 0', { schemaVersion: 0 }, /schemaVersion/],
    ['an empty event id', { id: '' as EventEnvelope['id'] }, /event ids/],
    ['an event id of 257 characters', { id: 'e'.repeat(257) as EventEnvelope['id'] }, /event ids/],
  ] as const)('refuses %s as a programmer error', (_, fields, message) => {
    const event = envelope(fields as Partial<EventEnvelope>);
    expect(() => toEventRow(tenantId, event)).toThrow(AssertionFailure);
    expect(() => toEventRow(tenantId, event)).toThrow(message);
  });

  it('refuses an event of another tenant', () => {
    const other = unwrapOrThrow(parseTenantId('globex'));
    expect(() => toEventRow(tenantId, envelope({ tenantId: other }))).toThrow(/tenant/);
  });

  it('charges the stream and actor fields in the stored size', () => {
    const bare = eventRowByteLength(
      toEventRow(tenantId, envelope({ id: 'evt_same' as EventEnvelope['id'] })),
    );
    const full = eventRowByteLength(
      toEventRow(
        tenantId,
        envelope({
          id: 'evt_same' as EventEnvelope['id'],
          streamId: 'acc_1',
          streamVersion: 12,
          actor: 'usr_1',
        }),
      ),
    );
    // "acc_1" replaces null (+3 with quotes), 12 replaces null (-2), "usr_1" replaces null (+3).
    expect(full - bare).toBe(4);
  });
});
