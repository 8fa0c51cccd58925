import {
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import type { Projection } from './projection.js';
import { readCheckpoint, writeCheckpoint } from './projection-checkpoint.js';

/** Records one rebuild transaction deletes. */
const REBUILD_PAGE_SIZE = 100;

/** Most records one rebuild call clears; a larger model takes several calls. */
export const REBUILD_RECORDS_MAX = 100_000;

/** What one rebuild call did. */
export interface RebuildOutcome {
  readonly deleted: number;
  /**
   * True when the read model is cleared and the checkpoint is back at zero. False when the call
   * reached {@link REBUILD_RECORDS_MAX}: runners stay paused until another call finishes.
   */
  readonly complete: boolean;
}

async function setCheckpoint(
  storage: Storage,
  tenantId: TenantId,
  name: string,
  rebuilding: boolean,
): Promise<Result<void, StorageError>> {
  return storage.transaction(tenantId, async (tx) => {
    const checkpoint = await readCheckpoint(tx, name);
    const position = rebuilding ? checkpoint.position : 0;
    await writeCheckpoint(tx, name, checkpoint, { position, rebuilding });
    return ok(undefined);
  });
}

/**
 * Clears a projection's read model and resets its checkpoint to zero, so runners apply every event
 * again. The checkpoint is marked `rebuilding` first, in its own transaction: runners pause while
 * the collections are cleared page by page, so no event is applied to a half-cleared model.
 */
export async function rebuildProjection(
  storage: Storage,
  tenantId: TenantId,
  projection: Projection,
): Promise<Result<RebuildOutcome, StorageError>> {
  const paused = await setCheckpoint(storage, tenantId, projection.name, true);
  if (paused.isErr()) return err(paused.error);
  let deleted = 0;
  for (const collection of projection.collections) {
    for (;;) {
      if (deleted >= REBUILD_RECORDS_MAX) return ok({ deleted, complete: false });
      const page = await storage.transaction(tenantId, async (tx) => {
        const records = await tx.records.list(collection, { limit: REBUILD_PAGE_SIZE });
        for (const record of records.items) {
          await tx.records.delete({ collection, id: record.id, expectedVersion: record.version });
        }
        return ok(records.items.length);
      });
      if (page.isErr()) return err(page.error);
      deleted += page.value;
      if (page.value < REBUILD_PAGE_SIZE) break;
    }
  }
  const reset = await setCheckpoint(storage, tenantId, projection.name, false);
  if (reset.isErr()) return err(reset.error);
  return ok({ deleted, complete: true });
}
