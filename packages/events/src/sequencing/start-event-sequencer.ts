import {
  type RunningTenantLoop,
  type Storage,
  type StorageError,
  startTenantLoop,
  type TenantId,
  type TenantLoopSchedule,
} from '@strongroom/kernel';
import { type SequenceOptions, sequenceEvents } from './sequence-events.js';

/** How the background sequencer runs; an idle event waits at most one interval (100 ms) for its position. */
export interface EventSequencerOptions extends SequenceOptions, TenantLoopSchedule {
  /** Told about storage faults; conflicts (another process sequencing) are expected and not told. */
  readonly onError?: (tenantId: TenantId, error: StorageError) => void;
}

/** Runs {@link sequenceEvents} in the background; safe in any number of processes at once. */
export function startEventSequencer(
  storage: Storage,
  options: EventSequencerOptions,
): RunningTenantLoop {
  return startTenantLoop({
    ...options,
    async work(tenantId) {
      const outcome = await sequenceEvents(storage, tenantId, options);
      if (outcome.isErr()) {
        if (outcome.error.type !== 'storage.conflict') options.onError?.(tenantId, outcome.error);
        return 'idle';
      }
      return outcome.value.sequenced === 0 ? 'idle' : 'more';
    },
  });
}
