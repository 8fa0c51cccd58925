import { ok, type Storage, type TenantId } from '@strongroom/kernel';

/** Commits one record `{ n: 1, id }` at version 1 per id of `collection`, for `tenantId`. */
export async function seedRecords(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  ids: readonly string[],
): Promise<void> {
  const seeded = await storage.transaction(tenantId, async (tx) => {
    for (const id of ids)
      await tx.records.put({ collection, id, data: { n: 1, id }, expectedVersion: 0 });
    return ok(null);
  });
  seeded._unsafeUnwrap();
}
