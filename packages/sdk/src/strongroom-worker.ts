import { assert, startTenantLoop, type TenantId, type TenantWorkOutcome } from '@strongroom/kernel';
import { WORKER_INTERVAL_DEFAULTS_MS } from './worker-job.js';
import type {
  RunningWorker,
  StrongroomWorker,
  WorkerJobError,
  WorkerJobRound,
  WorkerOptions,
  WorkerRound,
  WorkerRunOptions,
} from './worker-options.js';
import { createJobUnit, selectJobs, type WorkerDependencies } from './worker-units.js';

/** Most units of work one job runs in a `runOnce` round, so a round ends under a steady inflow. */
export const WORKER_ROUND_UNITS_MAX = 100;

/** Most workers one facade runs at once; one per process is the usual deployment. */
export const RUNNING_WORKERS_MAX = 16;

/** The facade's worker and the handle its `close()` uses. */
export interface WorkerController {
  readonly worker: StrongroomWorker;
  /**
   * Refuses new work, stops every running worker and waits for the `runOnce` rounds under way;
   * rejects afterwards with the first failure of a worker, if one failed.
   */
  close(): Promise<void>;
}

/** Builds the facade's {@link StrongroomWorker} over its domains. */
export function createWorkerController(dependencies: WorkerDependencies): WorkerController {
  const running = new Set<RunningWorker>();
  const rounds = new Set<Promise<WorkerRound>>();
  let closing = false;

  function start(options: WorkerOptions): RunningWorker {
    assert(!closing, 'a worker is started on a closed Strongroom');
    assert(
      running.size < RUNNING_WORKERS_MAX,
      `a facade runs at most ${RUNNING_WORKERS_MAX} workers`,
    );
    const jobs = selectJobs(dependencies, options);
    // Everything is checked and built before the first loop starts, so a refusal leaves none behind.
    const planned = jobs.map((job) => {
      const intervalMs = options.intervalsMs?.[job] ?? WORKER_INTERVAL_DEFAULTS_MS[job];
      assert(
        Number.isInteger(intervalMs) && intervalMs >= 1,
        `the ${job} interval is a positive whole number of milliseconds`,
      );
      return { job, intervalMs, unit: createJobUnit(job, dependencies, options) };
    });
    let failure: { readonly error: unknown } | undefined;
    const loops = planned.map(({ job, intervalMs, unit }) => {
      return startTenantLoop({
        tenants: options.tenants,
        intervalMs,
        work: (tenantId) => unit.run(tenantId, (error) => options.onError?.(job, tenantId, error)),
        onFailure: (error) => {
          failure ??= { error };
          options.onFailure?.(job, error);
        },
      });
    });
    let stopping: Promise<void> | undefined;
    const worker: RunningWorker = {
      jobs,
      stop() {
        stopping ??= (async () => {
          // Every loop is stopped even when one rejects: its failure was kept when it happened.
          await Promise.allSettled(loops.map((loop) => loop.stop()));
          for (const { job, unit } of planned) {
            await unit.release((tenantId, error) => options.onError?.(job, tenantId, error));
          }
          running.delete(worker);
          if (failure !== undefined) throw failure.error;
        })();
        return stopping;
      },
    };
    running.add(worker);
    return worker;
  }

  async function runJobs(tenantId: TenantId, options: WorkerRunOptions): Promise<WorkerRound> {
    const jobs: WorkerJobRound[] = [];
    for (const job of selectJobs(dependencies, options)) {
      const unit = createJobUnit(job, dependencies, options);
      const errors: WorkerJobError[] = [];
      let units = 0;
      let outcome: TenantWorkOutcome = 'more';
      while (outcome === 'more' && units < WORKER_ROUND_UNITS_MAX && !closing) {
        outcome = await unit.run(tenantId, (error) => errors.push(error));
        units += 1;
      }
      // A round is all a scheduled invocation (a Lambda) does: the next one, perhaps elsewhere,
      // must not wait for this round's relay lease to lapse.
      await unit.release((_tenantId, error) => errors.push(error));
      jobs.push({ job, units, more: outcome === 'more', errors });
    }
    return { tenantId, jobs };
  }

  async function runOnce(tenantId: TenantId, options: WorkerRunOptions = {}): Promise<WorkerRound> {
    assert(!closing, 'a worker round is run on a closed Strongroom');
    const round = runJobs(tenantId, options);
    rounds.add(round);
    try {
      return await round;
    } finally {
      rounds.delete(round);
    }
  }

  return {
    worker: { start, runOnce },
    async close() {
      closing = true;
      const stopped = await Promise.allSettled([...running].map((worker) => worker.stop()));
      await Promise.allSettled([...rounds]);
      const failed = stopped.find((outcome) => outcome.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    },
  };
}
