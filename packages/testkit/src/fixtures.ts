import {
  type EventEnvelope,
  type JsonObject,
  parseTenantId,
  type TenantId,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';

/**
 * A tenant id no other test uses, so suites can share one storage per backend and still start
 * from an empty tenant every time. The suffix is 12 hex digits (48 random bits): never a digit
 * run long enough to pass for a card number in the full-suite secret scan.
 */
export function freshTenantId(label = 'test'): TenantId {
  const suffix = crypto.randomUUID().replaceAll('-', '').slice(0, 12);
  return unwrapOrThrow(parseTenantId(`${label}-${suffix}`));
}

/** An outbox event for `tenantId` with a fresh id. */
export function sampleEvent(tenantId: TenantId, payload: JsonObject = {}): EventEnvelope {
  return {
    id: typeIdGenerator.next('evt'),
    tenantId,
    type: 'testkit.sample.recorded',
    schemaVersion: 1,
    payload,
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    correlationId: 'req_testkit',
    causationId: null,
  };
}
