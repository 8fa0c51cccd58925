/** The key a held-back write of a record is queued under: collection names cannot hold NUL. */
export function pendingKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}

/**
 * Whether held-back writes, queued by {@link pendingKey}, touch what a read covers: the records
 * `ids` of `collection`, or the whole collection when `ids` is undefined (a listing).
 */
export function touchesPending(
  queued: ReadonlyMap<string, { readonly collection: string }>,
  collection: string,
  ids: readonly string[] | undefined,
): boolean {
  if (queued.size === 0) return false;
  if (ids === undefined) {
    for (const write of queued.values()) if (write.collection === collection) return true;
    return false;
  }
  return ids.some((id) => queued.has(pendingKey(collection, id)));
}
