import {
  type RunningTenantLoop,
  type StorageError,
  startTenantLoop,
  type TenantId,
} from '@strongroom/kernel';
import type { OutboxRelay } from './relay-outbox.js';

/** How the background relay runs. */
export interface OutboxRelayLoopOptions {
  /** The tenants to relay for; asked afresh every round. */
  readonly tenants: () => readonly TenantId[] | Promise<readonly TenantId[]>;
  /** Pause between rounds; default 100 ms, which bounds the publishing delay of an idle relay. */
  readonly intervalMs?: number;
  /** Told about storage faults; the relay goes on with the next tenant. */
  readonly onError?: (tenantId: TenantId, error: StorageError) => void;
  /** Told when a round throws (a bug); the relay has then stopped. */
  readonly onFailure?: (error: unknown) => void;
}

/** Runs an outbox relay in the background over the tenants, until `stop()`. */
export function startOutboxRelay(
  relay: OutboxRelay,
  options: OutboxRelayLoopOptions,
): RunningTenantLoop {
  return startTenantLoop({
    tenants: options.tenants,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
    async work(tenantId) {
      const round = await relay.relayOnce(tenantId);
      if (round.isErr()) {
        options.onError?.(tenantId, round.error);
        return 'idle';
      }
      return round.value.status === 'relayed' && round.value.more ? 'more' : 'idle';
    },
  });
}
