/**
 * `@strongroom/sdk`: the composition root users import.
 * @module
 */
export { createStrongroom, type Strongroom } from './create-strongroom.js';
export type {
  StrongroomDisputesOptions,
  StrongroomIdentityOptions,
  StrongroomOptions,
} from './strongroom-options.js';
export {
  RUNNING_WORKERS_MAX,
  WORKER_ROUND_UNITS_MAX,
} from './strongroom-worker.js';
export { WORKER_INTERVAL_DEFAULTS_MS, WORKER_JOBS, type WorkerJob } from './worker-job.js';
export {
  type RunningWorker,
  type StrongroomWorker,
  WORKER_PROJECTIONS_MAX,
  type WorkerJobError,
  type WorkerJobRound,
  type WorkerOptions,
  type WorkerRound,
  type WorkerRunOptions,
} from './worker-options.js';
