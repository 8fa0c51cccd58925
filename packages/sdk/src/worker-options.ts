import type { AuditEntryError } from '@strongroom/audit';
import type { DisputesError } from '@strongroom/disputes';
import type { Projection, Publisher } from '@strongroom/events';
import type {
  StorageError,
  TenantId,
  TenantLoopSchedule,
  ValidationError,
} from '@strongroom/kernel';
import type { SensitiveDataStoreError } from '@strongroom/vault';
import type { WorkerJob } from './worker-job.js';

/** Most projections one worker feeds. */
export const WORKER_PROJECTIONS_MAX = 64;

/** What the jobs a worker runs depend on; shared by `start` and `runOnce`. */
export interface WorkerRunOptions {
  /** Where the outbox relay publishes (events' `Publisher` port); the relay runs only with one. */
  readonly publisher?: Publisher;
  /** Read models fed from the event log, at most {@link WORKER_PROJECTIONS_MAX}, names unique. */
  readonly projections?: readonly Projection[];
  /**
   * The jobs to run; default every applicable one. The relay needs a `publisher`, `projections`
   * at least one projection, the dispute sweep and the identity purge their facade options: asking
   * for a job that is not applicable is a programmer error.
   */
  readonly jobs?: readonly WorkerJob[];
}

/** How {@link StrongroomWorker.start} runs its jobs. */
export interface WorkerOptions extends WorkerRunOptions {
  /** The tenants to work on; asked afresh every round, so new tenants are picked up. */
  readonly tenants: TenantLoopSchedule['tenants'];
  /** Pause between a job's rounds; see `WORKER_INTERVAL_DEFAULTS_MS` for the defaults. */
  readonly intervalsMs?: Partial<Record<WorkerJob, number>>;
  /**
   * Told about an operating error of one unit of work (a storage fault, a refused expiry); the job
   * goes on with the next tenant and tries again next round. `storage.conflict` (another process
   * doing the same work) is expected and not told. Without it such errors are not reported.
   */
  readonly onError?: (job: WorkerJob, tenantId: TenantId, error: WorkerJobError) => void;
  /** Told when a job's loop throws (a bug); that job has stopped, and `stop()` rejects with it. */
  readonly onFailure?: (job: WorkerJob, error: unknown) => void;
}

/** An operating error a job reports for one tenant. */
export type WorkerJobError =
  | StorageError
  | AuditEntryError
  | ValidationError
  | DisputesError
  | SensitiveDataStoreError;

/** What one job did in a {@link WorkerRound}. */
export interface WorkerJobRound {
  readonly job: WorkerJob;
  /** Units of work (batches) it ran. */
  readonly units: number;
  /** True when it stopped before it was idle (at the round's bound, or on close): run again. */
  readonly more: boolean;
  /** Operating errors it met; a unit that fails ends the job's round. */
  readonly errors: readonly WorkerJobError[];
}

/** What {@link StrongroomWorker.runOnce} did for one tenant. */
export interface WorkerRound {
  readonly tenantId: TenantId;
  /** One entry per job run, in the order they ran. */
  readonly jobs: readonly WorkerJobRound[];
}

/** A started worker: one background loop per job. */
export interface RunningWorker {
  /** The jobs it runs. */
  readonly jobs: readonly WorkerJob[];
  /**
   * Lets every loop finish its current unit of work and stops them all; rejects afterwards with the
   * first failure of any job, if one failed. Calling it again answers the same promise.
   */
  stop(): Promise<void>;
}

/** The facade's background worker: sequencers, relay, projections, sweeps and purges. */
export interface StrongroomWorker {
  /** Starts one loop per job over the tenants, until `stop()` or the facade's `close()`. */
  start(options: WorkerOptions): RunningWorker;
  /**
   * Runs every job for one tenant until it is idle, each for a bounded number of units (see
   * `WORKER_ROUND_UNITS_MAX`): for tests, demos on a fake clock, and hosts that run work on a
   * schedule (a cron, a Lambda schedule) instead of keeping a process. A throw (a bug) rejects.
   */
  runOnce(tenantId: TenantId, options?: WorkerRunOptions): Promise<WorkerRound>;
}
