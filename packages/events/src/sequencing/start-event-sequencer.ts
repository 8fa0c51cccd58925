import {
  type RunningTenantLoop,
  type Storage,
  type StorageError,
  startTenantLoop,
  type TenantId,
} from '@strongroom/kernel';
import { type SequenceOptions, sequenceEvents } from './sequence-events.js';

/** How the background sequencer runs. */
export interface EventSequencerOptions extends SequenceOptions {
  /** The tenants to sequence; asked afresh every round. */
  readonly tenants: () => readonly TenantId[] | Promise<readonly TenantId[]>;
  /** Pause between rounds; default 100 ms: the longest an event waits for its position when idle. */
  readonly intervalMs?: number;
  /** Told about storage faults; conflicts (another process sequencing) are expected and not told. */
  readonly onError?: (tenantId: TenantId, error: StorageError) => void;
  /** Told when a round throws (a bug); the sequencer has then stopped. */
  readonly onFailure?: (error: unknown) => void;
}

/** Runs {@link sequenceEvents} in the background; safe in any number of processes at once. */
export function startEventSequencer(
  storage: Storage,
  options: EventSequencerOptions,
): RunningTenantLoop {
  return startTenantLoop({
    tenants: options.tenants,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
    async work(tenantId) {
      const outcome = await sequenceEvents(
        storage,
        tenantId,
        options.batchSizeMax === undefined ? {} : { batchSizeMax: options.batchSizeMax },
      );
      if (outcome.isErr()) {
        if (outcome.error.type !== 'storage.conflict') options.onError?.(tenantId, outcome.error);
        return 'idle';
      }
      return outcome.value.sequenced === 0 ? 'idle' : 'more';
    },
  });
}
