import {
  type Cursor,
  err,
  ok,
  PAGE_LIMIT_MAX,
  type Page,
  type Result,
  type Storage,
  type StorageError,
  type StoredRecord,
  type TenantId,
} from '@strongroom/kernel';

/**
 * Walks a collection page by page, each page in its own read transaction, so reading a long log
 * never builds one huge transaction (DynamoDB validates every read of a transaction at its end).
 * Safe for the audit log because integrated records are append-only: a later page never
 * contradicts an earlier one. A storage error is yielded once, and the walk ends.
 */
export async function* readPages(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
): AsyncGenerator<Result<readonly StoredRecord[], StorageError>> {
  let next: Cursor | null = null;
  do {
    const after: Cursor | null = next;
    const read: Result<Page<StoredRecord>, StorageError> = await storage.transaction(
      tenantId,
      async (tx) =>
        ok(
          await tx.records.list(
            collection,
            after === null ? { limit: PAGE_LIMIT_MAX } : { limit: PAGE_LIMIT_MAX, after },
          ),
        ),
    );
    if (read.isErr()) {
      yield err(read.error);
      return;
    }
    yield ok(read.value.items);
    next = read.value.next;
  } while (next !== null);
}
