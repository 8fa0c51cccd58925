import { assert, type TenantId } from '@strongroom/kernel';
import { REDIS_DEFAULT_KEY_PREFIX, redisKeyLayout } from './redis-key-layout.js';

/**
 * The fields of one stream entry, in this order: the event id and type (so a consumer can filter
 * or deduplicate without parsing), then the whole envelope as `EventJson` text.
 */
export const REDIS_STREAM_FIELDS = {
  eventId: 'eventId',
  type: 'type',
  envelope: 'envelope',
} as const;

/** Largest envelope a stream entry takes, in UTF-8 bytes of its JSON: 512 KiB. */
export const REDIS_STREAM_ENVELOPE_MAX_BYTES = 512 * 1024;

/** Longest stream key a custom `streamKey` function may return. */
export const REDIS_STREAM_KEY_MAX_LENGTH = 512;

/**
 * The default stream of a tenant's events, `<prefix>events:<tenantId>`, beside the package's other
 * keys (see `redisKeyLayout`): one stream per tenant, so tenants never read each other's events.
 */
export function redisEventStreamKey(
  tenantId: TenantId,
  keyPrefix: string = REDIS_DEFAULT_KEY_PREFIX,
): string {
  return eventStreamKeys(keyPrefix)(tenantId);
}

/** The default stream key of each tenant under a prefix, checked once. */
export function eventStreamKeys(keyPrefix: string): (tenantId: TenantId) => string {
  // The key layout owns the rules for a prefix; building it checks them.
  redisKeyLayout(keyPrefix);
  return (tenantId) => `${keyPrefix}events:${tenantId}`;
}

/** Asserts that a stream key from a caller's function is usable. */
export function assertStreamKey(key: unknown): asserts key is string {
  assert(
    typeof key === 'string' && key.length >= 1 && key.length <= REDIS_STREAM_KEY_MAX_LENGTH,
    'a stream key is a string of 1 to REDIS_STREAM_KEY_MAX_LENGTH characters',
  );
}
