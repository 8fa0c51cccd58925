import type { Cursor, JsonObject, StoredRecord } from '@strongroom/kernel';

/** Where rewrap jobs keep their progress: `vault.rewrap_jobs/<jobId>`. */
export const REWRAP_JOBS_COLLECTION = 'vault.rewrap_jobs';

/** Records and the envelope fields in them that a rewrap job visits, in order. */
export interface RewrapLocation {
  /** A collection of the tenant's records. */
  readonly collection: string;
  /** Fields of each record holding an envelope (or, for subject keys, a wrapped key); others are left alone. */
  readonly fields: readonly string[];
}

/** Where a job resumes: the index of the location, and the listing cursor within it. */
export interface RewrapCursor {
  readonly location: number;
  /** `null` at the start of the location. */
  readonly after: Cursor | null;
}

/**
 * A rewrap job's progress, as stored and returned. Counts are of field values: `scanned` = values
 * examined, `rewrapped` = moved to the KEK's current version, `alreadyCurrent` = needed nothing,
 * `conflicts` = left alone because their record changed meanwhile (the next run visits them
 * again), `failed` = refused by the cipher (malformed, retired version, unwrap failure) and left
 * as they were.
 */
export interface RewrapProgress {
  readonly jobId: string;
  readonly status: 'running' | 'completed';
  readonly scanned: number;
  readonly rewrapped: number;
  readonly alreadyCurrent: number;
  readonly conflicts: number;
  readonly failed: number;
  /** Pages committed so far, over every run of the job. */
  readonly pages: number;
  /** Where the next run resumes; `null` once completed. */
  readonly cursor: RewrapCursor | null;
}

/** What a job record holds besides its progress, to refuse resuming it for other work. */
export interface RewrapJobIdentity {
  readonly kind: string;
  readonly locations: readonly RewrapLocation[];
}

/** A job as read from storage, with the record version to write it back conditionally. */
export interface RewrapJobState extends RewrapJobIdentity {
  readonly progress: RewrapProgress;
  /** 0 before its first page is committed. */
  readonly version: number;
}

/** The state of a job that has not run yet. */
export function newRewrapJob(jobId: string, identity: RewrapJobIdentity): RewrapJobState {
  return {
    ...identity,
    version: 0,
    progress: {
      jobId,
      status: 'running',
      scanned: 0,
      rewrapped: 0,
      alreadyCurrent: 0,
      conflicts: 0,
      failed: 0,
      pages: 0,
      cursor: { location: 0, after: null },
    },
  };
}

/** The record body of a job's state. */
export function rewrapJobData(state: RewrapJobState, updatedAt: Date): JsonObject {
  const { progress } = state;
  return {
    kind: state.kind,
    locations: state.locations.map((location) => ({
      collection: location.collection,
      fields: [...location.fields],
    })),
    status: progress.status,
    scanned: progress.scanned,
    rewrapped: progress.rewrapped,
    alreadyCurrent: progress.alreadyCurrent,
    conflicts: progress.conflicts,
    failed: progress.failed,
    pages: progress.pages,
    cursorLocation: progress.cursor?.location ?? null,
    cursorAfter: progress.cursor?.after ?? null,
    updatedAt: updatedAt.toISOString(),
  };
}

/** Reads a job record written by {@link rewrapJobData}; only this module writes them. */
export function readRewrapJob(record: StoredRecord): RewrapJobState {
  const data = record.data;
  const count = (name: string) => Number(data[name] ?? 0);
  const cursorLocation = data['cursorLocation'];
  const cursorAfter = data['cursorAfter'];
  const locations = Array.isArray(data['locations'])
    ? (data['locations'] as readonly RewrapLocation[])
    : [];
  return {
    kind: String(data['kind']),
    locations,
    version: record.version,
    progress: {
      jobId: record.id,
      status: data['status'] === 'completed' ? 'completed' : 'running',
      scanned: count('scanned'),
      rewrapped: count('rewrapped'),
      alreadyCurrent: count('alreadyCurrent'),
      conflicts: count('conflicts'),
      failed: count('failed'),
      pages: count('pages'),
      cursor:
        typeof cursorLocation === 'number'
          ? {
              location: cursorLocation,
              after: typeof cursorAfter === 'string' ? (cursorAfter as Cursor) : null,
            }
          : null,
    },
  };
}

/** Whether a stored job was started for the same work. */
export function sameRewrapWork(a: RewrapJobIdentity, b: RewrapJobIdentity): boolean {
  return (
    a.kind === b.kind &&
    a.locations.length === b.locations.length &&
    a.locations.every((location, index) => {
      const other = b.locations[index];
      return (
        other !== undefined &&
        location.collection === other.collection &&
        location.fields.length === other.fields.length &&
        location.fields.every((field, fieldIndex) => field === other.fields[fieldIndex])
      );
    })
  );
}
