import type { AuditActor, AuditLog } from '@strongroom/audit';
import {
  type Clock,
  COLLECTION_NAME_PATTERN,
  err,
  type JsonObject,
  ok,
  PAGE_LIMIT_MAX,
  type Result,
  type Storage,
  type StoredRecord,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { EnvelopeBinding, EnvelopeError } from '../envelope/envelope-cipher.js';
import { FIELD_NAME_PATTERN } from '../fields/field-input.js';
import type { RewrapJobError } from './key-manager-error.js';
import { mapBounded } from './map-bounded.js';
import {
  newRewrapJob,
  REWRAP_JOBS_COLLECTION,
  type RewrapCursor,
  type RewrapJobState,
  type RewrapLocation,
  type RewrapProgress,
  readRewrapJob,
  rewrapJobData,
  sameRewrapWork,
} from './rewrap-job-state.js';

/**
 * Re-wraps one stored value under its KEK's current version without decrypting the data:
 * the new value, or `null` when it already is current. `EnvelopeCipher.rewrap` is one.
 */
export type ValueRewrapper = (
  binding: EnvelopeBinding,
  value: string,
) => Promise<Result<string | null, EnvelopeError>>;

/** Records per page when the caller names no `pageSizeMax`. */
export const REWRAP_PAGE_SIZE_DEFAULT = 100;
/** Locations one job may visit. */
export const REWRAP_LOCATIONS_MAX = 32;
/** Fields per location. */
export const REWRAP_FIELDS_MAX = 32;
/** KMS rewraps in flight at once within a page. */
export const REWRAP_CONCURRENCY = 8;

// Writes a page's transaction makes besides the records: the job record and the audit leaf.
const PAGE_OVERHEAD_WRITES = 2;
const JOB_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const DEFAULT_ACTOR: AuditActor = { type: 'system', id: 'vault.rewrap' };

/** How long one call of a job may run before it returns `running`, to be called again. */
export interface RewrapBudget {
  /** Pages to commit in this call at most (default: no limit). */
  readonly maxPages?: number;
  /** Stop starting new pages after this long, by the clock port (default: no limit). */
  readonly timeBudgetMs?: number;
}

/** One call of a rewrap job. */
export interface RewrapJobRun extends RewrapBudget {
  readonly tenantId: TenantId;
  readonly jobId: string;
  /** What the job re-wraps (`envelopes`, `subject_keys`); a job id is bound to its kind. */
  readonly kind: string;
  readonly locations: readonly RewrapLocation[];
  readonly rewrapValue: ValueRewrapper;
  /** Records per page, at most the storage's per-transaction writes and {@link PAGE_LIMIT_MAX}. */
  readonly pageSizeMax?: number;
  /** Who runs the job, for the audit leaves (default: the system's rewrap job). */
  readonly actor?: AuditActor;
}

/** The ports a rewrap job uses. */
export interface RewrapJobContext {
  readonly storage: Storage;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

interface ValueOutcome {
  readonly recordIndex: number;
  readonly field: string;
  readonly result: Result<string | null, EnvelopeError>;
}

interface PageCounts {
  scanned: number;
  rewrapped: number;
  alreadyCurrent: number;
  conflicts: number;
  failed: number;
}

function checkRun(run: RewrapJobRun, pageSizeLimit: number): Result<number, ValidationError> {
  if (typeof run.jobId !== 'string' || !JOB_ID_PATTERN.test(run.jobId))
    return err(validationError('jobId', 'bad_format'));
  if (run.locations.length === 0 || run.locations.length > REWRAP_LOCATIONS_MAX)
    return err(validationError('locations', 'out_of_range'));
  for (const location of run.locations) {
    if (!COLLECTION_NAME_PATTERN.test(location.collection))
      return err(validationError('locations.collection', 'bad_format'));
    if (location.collection === REWRAP_JOBS_COLLECTION)
      return err(validationError('locations.collection', 'reserved'));
    if (location.fields.length === 0 || location.fields.length > REWRAP_FIELDS_MAX)
      return err(validationError('locations.fields', 'out_of_range'));
    if (new Set(location.fields).size !== location.fields.length)
      return err(validationError('locations.fields', 'duplicate'));
    if (!location.fields.every((field) => FIELD_NAME_PATTERN.test(field)))
      return err(validationError('locations.fields', 'bad_format'));
  }
  const pageSize = run.pageSizeMax ?? Math.min(REWRAP_PAGE_SIZE_DEFAULT, pageSizeLimit);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > pageSizeLimit)
    return err(validationError('pageSizeMax', 'out_of_range'));
  for (const [name, value] of [
    ['maxPages', run.maxPages],
    ['timeBudgetMs', run.timeBudgetMs],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1))
      return err(validationError(name, 'out_of_range'));
  }
  return ok(pageSize);
}

// The values of a page, each re-wrapped by the KMS, outside any transaction (the function of a
// transaction may run again and must not call out).
async function rewrapPage(
  run: RewrapJobRun,
  location: RewrapLocation,
  records: readonly StoredRecord[],
): Promise<ValueOutcome[]> {
  const work: { recordIndex: number; field: string; value: string }[] = [];
  records.forEach((record, recordIndex) => {
    for (const field of location.fields) {
      const value = record.data[field];
      if (typeof value === 'string') work.push({ recordIndex, field, value });
    }
  });
  return mapBounded(work, REWRAP_CONCURRENCY, async ({ recordIndex, field, value }) => {
    const record = records[recordIndex] as StoredRecord;
    const binding = { tenantId: run.tenantId, recordId: record.id, field };
    return { recordIndex, field, result: await run.rewrapValue(binding, value) };
  });
}

function nextCursor(
  cursor: RewrapCursor,
  next: RewrapCursor['after'],
  locationCount: number,
): RewrapCursor | null {
  if (next !== null) return { location: cursor.location, after: next };
  return cursor.location + 1 < locationCount
    ? { location: cursor.location + 1, after: null }
    : null;
}

/**
 * Runs a rewrap job until it completes or its budget is spent, resuming from the cursor stored in
 * `vault.rewrap_jobs/<jobId>`. Each page: list records (one transaction); re-wrap their values
 * outside any transaction; then, in one transaction, write back every record whose version is
 * unchanged (a record changed meanwhile is counted as a conflict and visited again by the next
 * run), advance the job's progress and write an audit leaf `vault.key.rewrapped` with the page's
 * counts. Re-running a page after a crash finds its values current, so the job is idempotent.
 */
export async function runRewrapJob(
  context: RewrapJobContext,
  run: RewrapJobRun,
): Promise<Result<RewrapProgress, RewrapJobError>> {
  const { storage, clock } = context;
  const pageSizeLimit = Math.min(
    PAGE_LIMIT_MAX,
    storage.limits.writesPerTransaction - PAGE_OVERHEAD_WRITES,
  );
  const checked = checkRun(run, pageSizeLimit);
  if (checked.isErr()) return err(checked.error);
  let pageSize = checked.value;
  const identity = { kind: run.kind, locations: run.locations };

  const loaded = await storage.transaction(run.tenantId, async (tx) =>
    ok(await tx.records.get(REWRAP_JOBS_COLLECTION, run.jobId)),
  );
  if (loaded.isErr()) return err(loaded.error);
  let state =
    loaded.value === undefined ? newRewrapJob(run.jobId, identity) : readRewrapJob(loaded.value);
  if (!sameRewrapWork(state, identity))
    return err({ type: 'vault.rewrap_job_mismatch', jobId: run.jobId });

  const startedAtMs = clock.now().getTime();
  let pagesThisRun = 0;
  while (state.progress.cursor !== null) {
    if (run.maxPages !== undefined && pagesThisRun >= run.maxPages) break;
    if (run.timeBudgetMs !== undefined && clock.now().getTime() - startedAtMs >= run.timeBudgetMs) {
      break;
    }
    const page = await runPage(context, run, state, pageSize);
    if (page.isErr()) {
      // A page too large for one transaction is retried smaller: the job adapts to its records.
      if (page.error.type === 'storage.limit_exceeded' && pageSize > 1) {
        pageSize = Math.max(1, Math.floor(pageSize / 2));
        continue;
      }
      return err(page.error);
    }
    state = page.value;
    pagesThisRun += 1;
  }
  return ok(state.progress);
}

async function runPage(
  context: RewrapJobContext,
  run: RewrapJobRun,
  state: RewrapJobState,
  pageSize: number,
): Promise<Result<RewrapJobState, RewrapJobError>> {
  const { storage, audit, clock } = context;
  const cursor = state.progress.cursor as RewrapCursor;
  const location = run.locations[cursor.location] as RewrapLocation;
  const listed = await storage.transaction(run.tenantId, async (tx) =>
    ok(
      await tx.records.list(location.collection, {
        limit: pageSize,
        ...(cursor.after === null ? {} : { after: cursor.after }),
      }),
    ),
  );
  if (listed.isErr()) return err(listed.error);
  const records = listed.value.items;
  const outcomes = await rewrapPage(run, location, records);
  // A KMS that cannot be reached stops the run with nothing of this page written; resuming
  // repeats the page. Any other refusal concerns one value, which is counted and left as it was.
  for (const outcome of outcomes) {
    if (outcome.result.isErr() && outcome.result.error.type === 'infrastructure')
      return err(outcome.result.error);
  }
  const counts: PageCounts = {
    scanned: outcomes.length,
    rewrapped: 0,
    alreadyCurrent: 0,
    conflicts: 0,
    failed: 0,
  };
  const changes = new Map<number, Record<string, string>>();
  for (const { recordIndex, field, result } of outcomes) {
    if (result.isErr()) counts.failed += 1;
    else if (result.value === null) counts.alreadyCurrent += 1;
    else changes.set(recordIndex, { ...changes.get(recordIndex), [field]: result.value });
  }
  const next = nextCursor(cursor, listed.value.next, run.locations.length);
  const now = clock.now();

  return storage.transaction(run.tenantId, async (tx) => {
    const pageCounts = { ...counts };
    const job = await tx.records.get(REWRAP_JOBS_COLLECTION, run.jobId);
    if ((job?.version ?? 0) !== state.version)
      return err({ type: 'vault.rewrap_job_busy' as const, jobId: run.jobId });
    const changed = [...changes.entries()];
    const current = await tx.records.getMany(
      location.collection,
      changed.map(([recordIndex]) => (records[recordIndex] as StoredRecord).id),
    );
    for (const [position, [recordIndex, fields]] of changed.entries()) {
      const read = records[recordIndex] as StoredRecord;
      const latest = current[position];
      const fieldCount = Object.keys(fields).length;
      if (latest === undefined || latest.version !== read.version) {
        pageCounts.conflicts += fieldCount;
        continue;
      }
      await tx.records.put({
        collection: location.collection,
        id: read.id,
        data: { ...latest.data, ...fields } as JsonObject,
        expectedVersion: read.version,
      });
      pageCounts.rewrapped += fieldCount;
    }
    const progress: RewrapProgress = {
      jobId: run.jobId,
      status: next === null ? 'completed' : 'running',
      scanned: state.progress.scanned + pageCounts.scanned,
      rewrapped: state.progress.rewrapped + pageCounts.rewrapped,
      alreadyCurrent: state.progress.alreadyCurrent + pageCounts.alreadyCurrent,
      conflicts: state.progress.conflicts + pageCounts.conflicts,
      failed: state.progress.failed + pageCounts.failed,
      pages: state.progress.pages + 1,
      cursor: next,
    };
    const nextState = { ...state, progress };
    const written = await tx.records.put({
      collection: REWRAP_JOBS_COLLECTION,
      id: run.jobId,
      data: rewrapJobData(nextState, now),
      expectedVersion: state.version,
    });
    const leaf = await audit.append(tx, {
      actor: run.actor ?? DEFAULT_ACTOR,
      action: 'vault.key.rewrapped',
      resource: { type: 'vault.rewrap_job', id: run.jobId },
      outcome: 'succeeded',
      details: {
        kind: run.kind,
        collection: location.collection,
        page: progress.pages,
        ...pageCounts,
        status: progress.status,
      },
    });
    if (leaf.isErr()) return err(leaf.error);
    return ok({ ...nextState, version: written.version });
  });
}
