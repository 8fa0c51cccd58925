import type { AuditLog } from '@strongroom/audit';
import type { Disputes } from '@strongroom/disputes';
import {
  createOutboxRelay,
  type EventStore,
  runProjection,
  sequenceEvents,
} from '@strongroom/events';
import type { Identity, IdentityPurgeCursor } from '@strongroom/identity';
import {
  assert,
  type Clock,
  type Cursor,
  type InfrastructureError,
  type PurgeReport,
  type PurgeRequest,
  type Result,
  type Storage,
  type TenantId,
  type TenantWorkOutcome,
} from '@strongroom/kernel';
import type { Ledger } from '@strongroom/ledger';
import type { Vault } from '@strongroom/vault';
import { resumablePurge } from './resumable-purge.js';
import { WORKER_JOBS, type WorkerJob } from './worker-job.js';
import {
  WORKER_PROJECTIONS_MAX,
  type WorkerJobError,
  type WorkerRunOptions,
} from './worker-options.js';

/** A store of expiring records (rate-limit windows, revocations) that needs a scheduled purge. */
export interface ExpiringRecordStore {
  purgeExpired(
    tenantId: TenantId,
    request?: PurgeRequest,
  ): Promise<Result<PurgeReport, InfrastructureError>>;
}

/** What the worker's jobs run on: the facade's own domains and adapters. */
export interface WorkerDependencies {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly events: EventStore;
  readonly ledger: Ledger;
  readonly vault: Vault;
  readonly disputes: Disputes | undefined;
  readonly identity: Identity | undefined;
  /** Identity's stores the facade built (rate limits, revocations): purged with identity. */
  readonly identityStores: readonly ExpiringRecordStore[];
  /** This facade's relay lease holder: its workers and rounds renew one lease, never race. */
  readonly relayHolder: string;
}

/** One unit of work of a job for one tenant; operating errors go to `report`. */
export type JobRun = (
  tenantId: TenantId,
  report: (error: WorkerJobError) => void,
) => Promise<TenantWorkOutcome>;

/** A job's work, and what it must hand over when its worker or round ends. */
export interface JobUnit {
  readonly run: JobRun;
  /**
   * Hands over what the unit holds across calls (the relay's leases), so other processes take
   * over at once; failures go to `report` (what was not handed over lapses on its own).
   */
  release(report: (tenantId: TenantId, error: WorkerJobError) => void): Promise<void>;
}

// Most jobs hold nothing between calls: coordination is per call (conditional writes).
function stateless(run: JobRun): JobUnit {
  return { run, release: async () => undefined };
}

/** Pending transfers one ledger sweep unit releases at most (in as many transactions as needed). */
const LEDGER_SWEEP_UNIT_LIMIT = 500;

/** What a job needs that the facade or the options may lack; `undefined` when it can run. */
function missingFor(
  job: WorkerJob,
  dependencies: WorkerDependencies,
  options: WorkerRunOptions,
): string | undefined {
  switch (job) {
    case 'outbox_relay':
      return options.publisher === undefined ? 'a publisher' : undefined;
    case 'projections':
      return (options.projections?.length ?? 0) === 0 ? 'at least one projection' : undefined;
    case 'dispute_deadline_sweep':
      return dependencies.disputes === undefined ? 'the facade’s disputes options' : undefined;
    case 'identity_purge':
      return dependencies.identity === undefined ? 'the facade’s identity options' : undefined;
    default:
      return undefined;
  }
}

/** The jobs to run, in {@link WORKER_JOBS} order: those asked for, or every applicable one. */
export function selectJobs(
  dependencies: WorkerDependencies,
  options: WorkerRunOptions,
): readonly WorkerJob[] {
  const projections = options.projections ?? [];
  assert(
    projections.length <= WORKER_PROJECTIONS_MAX,
    `a worker feeds at most ${WORKER_PROJECTIONS_MAX} projections`,
  );
  assert(
    new Set(projections.map((projection) => projection.name)).size === projections.length,
    'a worker’s projections have unique names',
  );
  if (options.jobs === undefined)
    return WORKER_JOBS.filter((job) => missingFor(job, dependencies, options) === undefined);
  for (const job of options.jobs) {
    assert(WORKER_JOBS.includes(job), `${job} is not a worker job`);
    const missing = missingFor(job, dependencies, options);
    assert(missing === undefined, `the worker job ${job} needs ${missing}`);
  }
  const asked = new Set(options.jobs);
  const jobs = WORKER_JOBS.filter((job) => asked.has(job));
  assert(jobs.length > 0, 'a worker runs at least one job');
  return jobs;
}

/**
 * The outcome of one call: `idle` after an error (the job moves to the next tenant and retries
 * next round), which is reported unless it is `storage.conflict`: another process (a racing
 * sequencer, sweeper or relay) was doing the same work, which is expected.
 */
function outcomeOf<T>(
  result: Result<T, WorkerJobError>,
  report: (error: WorkerJobError) => void,
  more: (value: T) => boolean,
): TenantWorkOutcome {
  if (result.isErr()) {
    if (result.error.type !== 'storage.conflict') report(result.error);
    return 'idle';
  }
  return more(result.value) ? 'more' : 'idle';
}

function identityPurgeUnit(dependencies: WorkerDependencies, identity: Identity): JobRun {
  const purges = [
    resumablePurge((tenantId, after: IdentityPurgeCursor | undefined) =>
      identity.purgeExpired(tenantId, after === undefined ? {} : { after }),
    ),
    ...dependencies.identityStores.map((store) =>
      resumablePurge((tenantId, after: Cursor | undefined) =>
        store.purgeExpired(tenantId, after === undefined ? {} : { after }),
      ),
    ),
  ];
  return async (tenantId, report) => {
    let more = false;
    for (const purge of purges) {
      if (outcomeOf(await purge(tenantId), report, (outcome) => outcome === 'more') === 'more')
        more = true;
    }
    return more ? 'more' : 'idle';
  };
}

/**
 * Builds one job's unit of work. Units keep state between calls (the relay's lease, purge
 * cursors), so each worker and each `runOnce` round builds its own, and releases it at the end.
 */
export function createJobUnit(
  job: WorkerJob,
  dependencies: WorkerDependencies,
  options: WorkerRunOptions,
): JobUnit {
  const { storage, clock, audit, events, ledger, vault, disputes, identity } = dependencies;
  switch (job) {
    case 'audit_sequencer':
      return stateless(async (tenantId, report) =>
        outcomeOf(await audit.integrate(tenantId), report, (batch) => batch.integrated > 0),
      );
    case 'event_sequencer':
      return stateless(async (tenantId, report) =>
        outcomeOf(
          await sequenceEvents(storage, tenantId),
          report,
          (outcome) => outcome.sequenced > 0,
        ),
      );
    case 'outbox_relay': {
      assert(options.publisher !== undefined, 'the outbox relay needs a publisher');
      const relay = createOutboxRelay({
        storage,
        clock,
        publisher: options.publisher,
        holder: dependencies.relayHolder,
      });
      return {
        run: async (tenantId, report) =>
          outcomeOf(
            await relay.relayOnce(tenantId),
            report,
            (round) => round.status === 'relayed' && round.more,
          ),
        async release(report) {
          for (const [tenantId, error] of await relay.releaseLeases()) report(tenantId, error);
        },
      };
    }
    case 'projections': {
      const projections = options.projections ?? [];
      return stateless(async (tenantId, report) => {
        let more = false;
        for (const projection of projections) {
          const outcome = await runProjection(storage, events, tenantId, projection);
          if (outcomeOf(outcome, report, (batch) => batch.processed > 0) === 'more') more = true;
        }
        return more ? 'more' : 'idle';
      });
    }
    case 'ledger_expiry_sweep':
      return stateless(async (tenantId, report) =>
        outcomeOf(
          await ledger.sweepExpired(tenantId, { limit: LEDGER_SWEEP_UNIT_LIMIT }),
          report,
          (swept) => swept.more,
        ),
      );
    case 'dispute_deadline_sweep':
      assert(disputes !== undefined, 'the dispute sweep needs disputes');
      return stateless(async (tenantId, report) =>
        outcomeOf(await disputes.sweepDeadlines(tenantId), report, (swept) => swept.more),
      );
    case 'card_data_sweep':
      // One sweep walks the tenant's whole (bounded) backlog and tells no "more": one call a round.
      return stateless(async (tenantId, report) =>
        outcomeOf(await vault.cards.sweepSensitiveData(tenantId), report, () => false),
      );
    case 'identity_purge':
      assert(identity !== undefined, 'the identity purge needs identity');
      return stateless(identityPurgeUnit(dependencies, identity));
  }
}
