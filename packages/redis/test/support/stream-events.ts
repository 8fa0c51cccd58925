import type { EventEnvelope, JsonObject, TenantId } from '@strongroom/kernel';
import { typeIdGenerator } from '@strongroom/kernel';

/**
 * An event with every field a relay forwards: a stream position, an actor, a correlation and
 * causation, and a payload whose amounts are strings (JSON has no bigint).
 */
export function streamEvent(
  tenantId: TenantId,
  streamVersion: number,
  overrides: Partial<EventEnvelope> = {},
): EventEnvelope {
  const payload: JsonObject = {
    amount: { amountMinor: '123456789012345678901234567890', currency: 'EUR' },
    memo: 'Zürich 東京 💳 "quoted" \\ back\nslash',
    tags: ['a', 'b'],
    nested: { empty: {}, list: [], flag: true, ratio: 0.25, none: null },
  };
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'ledger.transfer.created',
    schemaVersion: 2,
    payload,
    occurredAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678 + streamVersion)),
    correlationId: 'req_correlation',
    causationId: `cmd_${streamVersion}`,
    streamId: 'trf_stream',
    streamVersion,
    actor: 'usr_actor',
    ...overrides,
  };
}

/** An event outside any stream, without actor or causation: the optional fields absent. */
export function bareEvent(tenantId: TenantId): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'identity.user.registered',
    schemaVersion: 1,
    payload: {},
    occurredAt: new Date('2026-03-04T05:06:07.000Z'),
    correlationId: null,
    causationId: null,
  };
}

/** The envelope as a reader gives it back: absent stream and actor fields become `null`. */
export function asRead(event: EventEnvelope): EventEnvelope {
  return {
    ...event,
    streamId: event.streamId ?? null,
    streamVersion: event.streamVersion ?? null,
    actor: event.actor ?? null,
  };
}
