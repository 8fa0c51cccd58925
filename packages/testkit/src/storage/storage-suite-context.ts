import {
  type EventEnvelope,
  type JsonObject,
  ok,
  type Storage,
  type StorageTransaction,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';

/** What every group of storage cases receives: the storage under test, created once per backend. */
export interface StorageSuiteContext {
  storage(): Storage;
}

/** Runs a transaction that must succeed and returns its value. */
export async function committed<T>(
  storage: Storage,
  tenantId: TenantId,
  fn: (tx: StorageTransaction) => Promise<T>,
): Promise<T> {
  return unwrapOrThrow(await storage.transaction(tenantId, async (tx) => ok(await fn(tx))));
}

/** Reads one record in its own transaction. */
export function readRecord(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  id: string,
): Promise<StoredRecord | undefined> {
  return committed(storage, tenantId, (tx) => tx.records.get(collection, id));
}

/** Inserts one record in its own transaction. */
export function insertRecord(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  id: string,
  data: JsonObject,
): Promise<StoredRecord> {
  return committed(storage, tenantId, (tx) =>
    tx.records.put({ collection, id, data, expectedVersion: 0 }),
  );
}

/** Every record id of a collection, walking all pages. */
export async function listIds(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
): Promise<string[]> {
  return committed(storage, tenantId, async (tx) => {
    const ids: string[] = [];
    let page = await tx.records.list(collection, { limit: 100 });
    ids.push(...page.items.map((record) => record.id));
    while (page.next !== null) {
      page = await tx.records.list(collection, { limit: 100, after: page.next });
      ids.push(...page.items.map((record) => record.id));
    }
    return ids;
  });
}

/**
 * An event as the outbox lists it: stream and actor fields the envelope left out come back as
 * `null` on every adapter, so listings compare equal whatever the producer omitted.
 */
export function asListed(event: EventEnvelope): EventEnvelope {
  return {
    ...event,
    streamId: event.streamId ?? null,
    streamVersion: event.streamVersion ?? null,
    actor: event.actor ?? null,
  };
}

/** Every event in a tenant's outbox, walking all pages. */
export async function listOutbox(storage: Storage, tenantId: TenantId): Promise<EventEnvelope[]> {
  return committed(storage, tenantId, async (tx) => {
    const events: EventEnvelope[] = [];
    let page = await tx.outbox.list({ limit: 100 });
    events.push(...page.items);
    while (page.next !== null) {
      page = await tx.outbox.list({ limit: 100, after: page.next });
      events.push(...page.items);
    }
    return events;
  });
}
