import {
  type EventEnvelope,
  eventFromJson,
  eventToJson,
  type JsonObject,
  parseTenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventJson } from '../src/index.js';

const acme = unwrapOrThrow(parseTenantId('acme'));

/** An envelope with every optional field set and a payload of awkward strings. */
function streamEvent(tenantId: typeof acme, streamVersion: number): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'ledger.transfer.created',
    schemaVersion: 2,
    payload: {
      amountMinor: '123456789012345678901234567890',
      memo: 'Zürich 東京 "q" \\ \n',
      nested: { none: null },
    },
    occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, streamVersion)),
    correlationId: 'req_correlation',
    causationId: `cmd_${streamVersion}`,
    streamId: 'trf_stream',
    streamVersion,
    actor: 'usr_actor',
  };
}

// Envelopes as publishers build them: any JSON payload (no bigint: JSON has none), any instant
// a Date can hold, and stream and actor fields present or absent.
const envelopes: fc.Arbitrary<EventEnvelope> = fc
  .record({
    type: fc.string({ minLength: 1, maxLength: 40 }),
    schemaVersion: fc.integer({ min: 1, max: 1_000 }),
    payload: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })),
    occurredAt: fc.date({ noInvalidDate: true }),
    correlationId: fc.option(fc.string({ maxLength: 40 })),
    causationId: fc.option(fc.string({ maxLength: 40 })),
    stream: fc.option(
      fc.record({
        streamId: fc.string({ minLength: 1, maxLength: 40 }),
        streamVersion: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      }),
    ),
    actor: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  })
  .map(({ stream, actor, payload, ...fields }) => ({
    id: typeIdGenerator.next('evt'),
    tenantId: acme,
    ...fields,
    payload: payload as JsonObject,
    ...(stream ?? {}),
    ...(actor === undefined ? {} : { actor }),
  }));

function withField(field: string, value: unknown): string {
  return JSON.stringify({ ...eventToJson(streamEvent(acme, 1)), [field]: value });
}

function withoutField(field: string): string {
  const json: Record<string, unknown> = { ...eventToJson(streamEvent(acme, 1)) };
  delete json[field];
  return JSON.stringify(json);
}

describe('parseEventJson', () => {
  it('reads back every envelope eventToJson wrote', () => {
    fc.assert(
      fc.property(envelopes, (event) => {
        const text = JSON.stringify(eventToJson(event));
        // Compared with what JSON itself keeps (it writes -0 as 0), through eventFromJson.
        expect(parseEventJson(text)._unsafeUnwrap()).toEqual(eventFromJson(JSON.parse(text)));
      }),
    );
  });

  it('ignores fields it does not know, so newer writers stay readable', () => {
    const event = streamEvent(acme, 1);
    const text = JSON.stringify({ ...eventToJson(event), addedLater: { any: 'thing' } });
    expect(parseEventJson(text)._unsafeUnwrap()).toEqual(event);
  });

  it.each([
    [
      'an id of another kind',
      withField('id', 'acc_01h455vb4pex5vsknk084sn02q'),
      'envelope.id',
      'wrong_prefix',
    ],
    ['a missing id', withoutField('id'), 'envelope.id', 'not_a_string'],
    ['a bad tenant', withField('tenantId', 'Not Valid'), 'envelope.tenantId', 'bad_format'],
    ['an empty type', withField('type', ''), 'envelope.type', 'bad_format'],
    ['a numeric type', withField('type', 7), 'envelope.type', 'bad_format'],
    ['schema version 0', withField('schemaVersion', 0), 'envelope.schemaVersion', 'bad_format'],
    [
      'a fractional schema version',
      withField('schemaVersion', 1.5),
      'envelope.schemaVersion',
      'bad_format',
    ],
    [
      'a string schema version',
      withField('schemaVersion', '1'),
      'envelope.schemaVersion',
      'bad_format',
    ],
    ['an array payload', withField('payload', []), 'envelope.payload', 'not_an_object'],
    ['a null payload', withField('payload', null), 'envelope.payload', 'not_an_object'],
    [
      'a local time',
      withField('occurredAt', '2026-01-02T03:04:05'),
      'envelope.occurredAt',
      'bad_format',
    ],
    [
      'a date without time',
      withField('occurredAt', '2026-01-02'),
      'envelope.occurredAt',
      'bad_format',
    ],
    [
      'an epoch number',
      withField('occurredAt', 1_700_000_000_000),
      'envelope.occurredAt',
      'bad_format',
    ],
    ['a missing correlation', withoutField('correlationId'), 'envelope.correlationId', 'missing'],
    [
      'a numeric causation',
      withField('causationId', 5),
      'envelope.causationId',
      'not_a_string_or_null',
    ],
    ['an empty stream id', withField('streamId', ''), 'envelope.streamId', 'empty'],
    ['a missing actor', withoutField('actor'), 'envelope.actor', 'missing'],
    ['stream version 0', withField('streamVersion', 0), 'envelope.streamVersion', 'bad_format'],
    [
      'a missing stream version',
      withoutField('streamVersion'),
      'envelope.streamVersion',
      'bad_format',
    ],
    [
      'a version without a stream',
      withField('streamId', null),
      'envelope.streamVersion',
      'without_stream',
    ],
    [
      'a stream without a version',
      withField('streamVersion', null),
      'envelope.streamVersion',
      'without_stream',
    ],
    ['text that is not JSON', '{"id":', 'envelope', 'not_json'],
    ['a JSON array', '[]', 'envelope', 'not_an_object'],
    ['JSON null', 'null', 'envelope', 'not_an_object'],
  ])('refuses %s', (_, text, field, reason) => {
    expect(parseEventJson(text)._unsafeUnwrapErr()).toEqual({ type: 'validation', field, reason });
  });
});
