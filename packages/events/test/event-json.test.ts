import {
  type EventEnvelope,
  parseTenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { eventFromJson, eventToJson } from '../src/index.js';

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

  it('refuses JSON that is not an event this package wrote', () => {
    const json = eventToJson({
      id: typeIdGenerator.next('evt'),
      tenantId,
      type: 'test.event',
      schemaVersion: 1,
      payload: {},
      occurredAt: new Date(),
      correlationId: null,
      causationId: null,
    });
    expect(() => eventFromJson({ ...json, id: 'usr_1' })).toThrow(/evt prefix/);
    expect(() => eventFromJson({ ...json, occurredAt: 'yesterday' })).toThrow(/ISO 8601/);
  });
});
