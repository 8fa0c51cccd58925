import {
  ok,
  type Storage,
  type StoredRecord,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';

/** Every record of a collection, in id order, read through the storage port. */
export async function listRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
): Promise<StoredRecord[]> {
  return unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      const records: StoredRecord[] = [];
      let page = await tx.records.list(collection, { limit: 1000 });
      records.push(...page.items);
      while (page.next !== null) {
        page = await tx.records.list(collection, { limit: 1000, after: page.next });
        records.push(...page.items);
      }
      return ok(records);
    }),
  );
}

/** One record, or `undefined`. */
export async function getRecord(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  id: string,
): Promise<StoredRecord | undefined> {
  return unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => ok(await tx.records.get(collection, id))),
  );
}
