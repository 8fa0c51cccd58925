import {
  type EventEnvelope,
  parseTenantId,
  type StoredRecord,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { orderingKey, selectForPublishing } from '../src/relay/select-for-publishing.js';

const tenantId = unwrapOrThrow(parseTenantId('select-test'));

function event(
  id: string,
  streamId: string | null,
  streamVersion: number | null = null,
): EventEnvelope {
  return {
    id: `evt_${id}` as EventEnvelope['id'],
    tenantId,
    type: 'test.event',
    schemaVersion: 1,
    payload: {},
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    correlationId: null,
    causationId: null,
    streamId,
    streamVersion,
  };
}

function backingOff(id: string, retryAtMs: number): [string, StoredRecord] {
  return [
    `evt_${id}`,
    {
      collection: 'events.relay_attempts',
      id: `evt_${id}`,
      data: { attempts: 1, retryAtMs },
      version: 1,
    },
  ];
}

const page = [
  event('1', 'a', 1),
  event('2', 'b', 1),
  event('3', 'a', 2),
  event('4', null),
  event('5', null),
];

describe('selectForPublishing', () => {
  it('takes several events of a stream for a publisher that keeps order within a call', () => {
    const selected = selectForPublishing(page, new Map(), 0, {
      batchSizeMax: 10,
      preservesOrder: true,
    });
    expect(selected.map((candidate) => candidate.id)).toEqual([
      'evt_1',
      'evt_2',
      'evt_3',
      'evt_4',
      'evt_5',
    ]);
  });

  it('takes one event per stream for a publisher that does not, and every stream-less event', () => {
    const selected = selectForPublishing(page, new Map(), 0, {
      batchSizeMax: 10,
      preservesOrder: false,
    });
    expect(selected.map((candidate) => candidate.id)).toEqual(['evt_1', 'evt_2', 'evt_4', 'evt_5']);
  });

  it('holds back a whole stream behind an event that is backing off, until its retry time', () => {
    const attempts = new Map([backingOff('1', 1_000)]);
    const early = selectForPublishing(page, attempts, 999, {
      batchSizeMax: 10,
      preservesOrder: true,
    });
    expect(early.map((candidate) => candidate.id)).toEqual(['evt_2', 'evt_4', 'evt_5']);
    const due = selectForPublishing(page, attempts, 1_000, {
      batchSizeMax: 10,
      preservesOrder: true,
    });
    expect(due.map((candidate) => candidate.id)).toEqual([
      'evt_1',
      'evt_2',
      'evt_3',
      'evt_4',
      'evt_5',
    ]);
  });

  it('never takes more than the publisher accepts per call', () => {
    const selected = selectForPublishing(page, new Map(), 0, {
      batchSizeMax: 2,
      preservesOrder: true,
    });
    expect(selected.map((candidate) => candidate.id)).toEqual(['evt_1', 'evt_2']);
  });

  it('keys events by stream, and stream-less events each by their own id', () => {
    expect(orderingKey(event('1', 'a', 1))).toBe('stream:a');
    expect(orderingKey(event('4', null))).toBe('event:evt_4');
  });
});
