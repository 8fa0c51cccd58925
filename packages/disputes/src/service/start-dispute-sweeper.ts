import {
  type RunningTenantLoop,
  startTenantLoop,
  type TenantId,
  type TenantLoopSchedule,
} from '@strongroom/kernel';
import type { Disputes } from './disputes.js';
import type { DisputesError } from './disputes-error.js';

/** How the background deadline sweep runs. */
export interface DisputeSweeperOptions extends TenantLoopSchedule {
  /** Due entries per call, see `sweepDeadlines`; default 100. */
  readonly limit?: number;
  /** Told when a sweep call fails (a storage fault); the sweeper goes on with the next tenant. */
  readonly onError?: (tenantId: TenantId, error: DisputesError) => void;
}

/**
 * Runs `disputes.sweepDeadlines` in the background over the tenants, until `stop()`. Safe in any
 * number of processes at once (see `sweepDisputeDeadlines`); the interval (100 ms by default)
 * bounds how late a reminder or an expiry is.
 */
export function startDisputeSweeper(
  disputes: Disputes,
  options: DisputeSweeperOptions,
): RunningTenantLoop {
  return startTenantLoop({
    ...options,
    async work(tenantId) {
      const swept = await disputes.sweepDeadlines(
        tenantId,
        options.limit === undefined ? {} : { limit: options.limit },
      );
      if (swept.isErr()) {
        options.onError?.(tenantId, swept.error);
        return 'idle';
      }
      return swept.value.more ? 'more' : 'idle';
    },
  });
}
