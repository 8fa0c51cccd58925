import { describe, expect, it } from 'vitest';
import {
  type EventEnvelope,
  eventFromJson,
  eventToJson,
  parseTenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '../src/index.js';

const tenantId = unwrapOrThrow(parseTenantId('json-test'));

describe('event JSON', () => {
  it('round-trips an envelope with and without stream and actor', () => {
    const base: EventEnvelope = {
      id: typeIdGenerator.next('evt'),
      tenantId,
      type: 'test.event',
      schemaVersion: 2,
      payload: { amountMinor: '125', nested: { ok: true } },
      occurredAt: new Date('2026-02-28T23:59:59.999Z'),
      correlationId: 'req_1',
      causationId: null,
    };
    expect(eventFromJson(eventToJson(base))).toEqual({
      ...base,
      streamId: null,
      streamVersion: null,
      actor: null,
    });
    const inStream = { ...base, streamId: 'dsp_1', streamVersion: 4, actor: 'usr_1' };
    expect(eventFromJson(eventToJson(inStream))).toEqual(inStream);
    expect(JSON.parse(JSON.stringify(eventToJson(inStream)))).toEqual(eventToJson(inStream));
  });
});
