import { assert, type StorageTransaction } from '@strongroom/kernel';
import { PROJECTION_NAME_PATTERN } from './projection.js';

/** Where projections keep their checkpoints, one record per projection name. */
export const PROJECTION_CHECKPOINTS = 'events.projection_checkpoints';

/** A projection's checkpoint as read in a transaction. */
export interface ProjectionCheckpoint {
  /** The last global position applied; 0 before the first event. */
  readonly position: number;
  /** True while a rebuild clears the read model: runners must not apply events meanwhile. */
  readonly rebuilding: boolean;
  /** The checkpoint record's version, for the conditional rewrite. */
  readonly recordVersion: number;
}

/** Reads a projection's checkpoint. */
export async function readCheckpoint(
  tx: StorageTransaction,
  name: string,
): Promise<ProjectionCheckpoint> {
  assert(PROJECTION_NAME_PATTERN.test(name), 'projection names are lower-case identifiers');
  const record = await tx.records.get(PROJECTION_CHECKPOINTS, name);
  if (record === undefined) return { position: 0, rebuilding: false, recordVersion: 0 };
  return {
    position: record.data['position'] as number,
    rebuilding: record.data['rebuilding'] === true,
    recordVersion: record.version,
  };
}

/** Rewrites a checkpoint at the version read, so two runners cannot both move it. */
export async function writeCheckpoint(
  tx: StorageTransaction,
  name: string,
  read: ProjectionCheckpoint,
  next: { readonly position: number; readonly rebuilding: boolean },
): Promise<void> {
  await tx.records.put({
    collection: PROJECTION_CHECKPOINTS,
    id: name,
    data: { position: next.position, rebuilding: next.rebuilding },
    expectedVersion: read.recordVersion,
  });
}
