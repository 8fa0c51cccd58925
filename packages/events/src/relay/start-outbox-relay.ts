import {
  type RunningTenantLoop,
  type StorageError,
  startTenantLoop,
  type TenantId,
  type TenantLoopSchedule,
} from '@strongroom/kernel';
import type { OutboxRelay } from './relay-outbox.js';

/** How the background relay runs; an idle relay publishes within one interval (100 ms). */
export interface OutboxRelayLoopOptions extends TenantLoopSchedule {
  /** Told about storage faults; the relay goes on with the next tenant. */
  readonly onError?: (tenantId: TenantId, error: StorageError) => void;
}

/**
 * Runs an outbox relay in the background over the tenants, until `stop()`, which also hands the
 * relay's leases over (failures to do so go to `onError`; those leases lapse on their own).
 */
export function startOutboxRelay(
  relay: OutboxRelay,
  options: OutboxRelayLoopOptions,
): RunningTenantLoop {
  const loop = startTenantLoop({
    ...options,
    async work(tenantId) {
      const round = await relay.relayOnce(tenantId);
      if (round.isErr()) {
        options.onError?.(tenantId, round.error);
        return 'idle';
      }
      return round.value.status === 'relayed' && round.value.more ? 'more' : 'idle';
    },
  });
  return {
    async stop() {
      try {
        await loop.stop();
      } finally {
        const failures = await relay.releaseLeases();
        for (const [tenantId, error] of failures) options.onError?.(tenantId, error);
      }
    },
  };
}
