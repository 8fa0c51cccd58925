import type { TenantId } from '@strongroom/kernel';

/**
 * The single-table layout. Every item has a string partition key `pk` and a string sort key `sk`;
 * there are no secondary indexes (every read is by key or by one partition, so none is needed).
 *
 * | item         | pk                          | sk        | other attributes                     |
 * | ------------ | --------------------------- | --------- | ------------------------------------ |
 * | record       | `t#<tenant>#r#<collection>` | record id | data (S), version (N), revision (S)  |
 * | outbox event | `t#<tenant>#o`              | event id  | data (S)                             |
 *
 * - Tenant ids are `[a-z0-9_-]` and collections `[a-z0-9_.]`: neither can contain `#`, so every
 *   partition key names exactly one tenant and one collection, and no tenant's prefix is a
 *   prefix of another's. Tenant isolation is the key itself, not a filter a caller could forget.
 * - One partition per tenant and collection makes a listing one strongly consistent `Query` in
 *   sort-key order (a GSI could only be read eventually consistently). DynamoDB splits a busy
 *   partition by sort-key range, and without local indexes an item collection has no size cap.
 * - `data` is the JSON text of the record body (or event row), not a DynamoDB map: numbers stay
 *   exactly as JSON wrote them (a DynamoDB number keeps 38 digits, but a map would round-trip
 *   through JavaScript numbers), and the stored size is exactly the body's UTF-8 length, which is
 *   what the write budget charges.
 * - `version` is the record version of the storage port. `revision` is a random id per commit
 *   attempt that wrote the item: conditions check it too, so a record deleted and re-inserted at
 *   the same version still fails the condition of a transaction that read the old one.
 */
export const ATTRIBUTE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  data: 'data',
  version: 'version',
  revision: 'revision',
} as const;

/** The primary key of one item. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The partition holding one collection of one tenant's records. */
export function recordPartitionKey(tenantId: TenantId, collection: string): string {
  return `t#${tenantId}#r#${collection}`;
}

/** The partition holding one tenant's outbox. */
export function outboxPartitionKey(tenantId: TenantId): string {
  return `t#${tenantId}#o`;
}

/**
 * A key as one string, for maps. `pk` never contains U+0000 (see the layout above), so the first
 * U+0000 separates the two parts unambiguously whatever the sort key holds.
 */
export function itemKeyString(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
