import type { TenantId } from '@strongroom/kernel';
import type { Strongroom, WorkerRunOptions } from '@strongroom/sdk';

/** Stop starting new rounds after this long, well inside the function's own timeout. */
const ROUNDS_BUDGET_MS = 50_000;

/**
 * One scheduled invocation (an EventBridge Scheduler rule calling a Lambda every minute, a cron
 * job): a round of the worker's jobs for each tenant, repeated for the tenants whose jobs stopped
 * at their bound, until all are idle or the budget is spent. Pass a `publisher` in `options` for
 * the outbox relay to run.
 */
export async function runScheduledWork(
  strongroom: Strongroom,
  tenants: readonly TenantId[],
  options: WorkerRunOptions = {},
): Promise<void> {
  const startedMs = performance.now();
  let pending = [...tenants];
  while (pending.length > 0 && performance.now() - startedMs < ROUNDS_BUDGET_MS) {
    const busy: TenantId[] = [];
    for (const tenantId of pending) {
      const round = await strongroom.worker.runOnce(tenantId, options);
      for (const job of round.jobs) {
        for (const error of job.errors) console.warn(`${tenantId} ${job.job}: ${error.type}`);
      }
      if (round.jobs.some((job) => job.more)) busy.push(tenantId);
    }
    pending = busy;
  }
}
