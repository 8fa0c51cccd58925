import {
  assert,
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import type { EventStore } from '../stream/event-store.js';
import type { Projection } from './projection.js';
import { readCheckpoint, writeCheckpoint } from './projection-checkpoint.js';

/** Most events one projection batch reads. */
export const PROJECTION_BATCH_MAX = 500;

/** What one projection batch did. */
export interface ProjectionOutcome {
  /** Events read past (applied or skipped); 0 when the projection was caught up or paused. */
  readonly processed: number;
  /** The checkpoint after the batch. */
  readonly position: number;
}

/** How {@link runProjection} runs. */
export interface RunProjectionOptions {
  /** Events per batch, 1..{@link PROJECTION_BATCH_MAX}; default 100. */
  readonly batchSizeMax?: number;
}

/**
 * Applies the next batch of sequenced events to a projection, in ONE transaction with its
 * checkpoint. A batch too large for the storage's limits (`storage.limit_exceeded`, e.g. on
 * DynamoDB, where every read counts) is halved and tried again, down to one event.
 */
export async function runProjection(
  storage: Storage,
  store: EventStore,
  tenantId: TenantId,
  projection: Projection,
  options: RunProjectionOptions = {},
): Promise<Result<ProjectionOutcome, StorageError>> {
  let batchSize = options.batchSizeMax ?? 100;
  assert(
    Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= PROJECTION_BATCH_MAX,
    `a projection batch reads 1 to ${PROJECTION_BATCH_MAX} events`,
  );
  const types = new Set(projection.eventTypes);
  for (;;) {
    const limit = batchSize;
    const outcome = await storage.transaction(tenantId, async (tx) => {
      const checkpoint = await readCheckpoint(tx, projection.name);
      if (checkpoint.rebuilding) return ok({ processed: 0, position: checkpoint.position });
      const slice = await store.readAll(tx, { afterPosition: checkpoint.position, limit });
      if (slice.events.length === 0) return ok({ processed: 0, position: checkpoint.position });
      for (const event of slice.events) {
        if (types.has(event.type)) await projection.apply(tx, event);
      }
      await writeCheckpoint(tx, projection.name, checkpoint, {
        position: slice.lastPosition,
        rebuilding: false,
      });
      return ok({ processed: slice.events.length, position: slice.lastPosition });
    });
    if (outcome.isOk()) return ok(outcome.value);
    if (outcome.error.type !== 'storage.limit_exceeded' || batchSize === 1)
      return err(outcome.error);
    batchSize = Math.max(1, Math.floor(batchSize / 2));
  }
}
