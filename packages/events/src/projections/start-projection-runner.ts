import {
  type RunningTenantLoop,
  type Storage,
  type StorageError,
  startTenantLoop,
  type TenantId,
  type TenantLoopSchedule,
} from '@strongroom/kernel';
import type { EventStore } from '../stream/event-store.js';
import type { Projection } from './projection.js';
import { type RunProjectionOptions, runProjection } from './run-projection.js';

/** How the background projection runner runs. */
export interface ProjectionRunnerOptions extends RunProjectionOptions, TenantLoopSchedule {
  /** Told about storage faults of one projection; conflicts (another runner) are not told. */
  readonly onError?: (tenantId: TenantId, projection: string, error: StorageError) => void;
}

/**
 * Feeds sequenced events to each projection in the background. Safe in several processes at once:
 * each batch moves its projection's checkpoint conditionally, so a racing runner's batch conflicts
 * and is dropped with its writes.
 */
export function startProjectionRunner(
  storage: Storage,
  store: EventStore,
  projections: readonly Projection[],
  options: ProjectionRunnerOptions,
): RunningTenantLoop {
  return startTenantLoop({
    ...options,
    async work(tenantId) {
      let more = false;
      for (const projection of projections) {
        const outcome = await runProjection(storage, store, tenantId, projection, options);
        if (outcome.isErr()) {
          if (outcome.error.type !== 'storage.conflict')
            options.onError?.(tenantId, projection.name, outcome.error);
          continue;
        }
        if (outcome.value.processed > 0) more = true;
      }
      return more ? 'more' : 'idle';
    },
  });
}
