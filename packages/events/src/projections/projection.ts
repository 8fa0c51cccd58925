import type { StorageTransaction } from '@strongroom/kernel';
import type { RecordedEvent } from '../stream/recorded-event.js';

/** Projection names: lower-case, stable (they key the checkpoint). */
export const PROJECTION_NAME_PATTERN = /^[a-z][a-z0-9_.-]{0,62}$/;

/**
 * A read model fed from the tenant's event log. `apply` runs in the same transaction that moves
 * the projection's checkpoint, so each event changes the read model exactly once, even when the
 * runner crashes or two runners race.
 */
export interface Projection {
  /** Keys the checkpoint; renaming a projection rebuilds it from zero. */
  readonly name: string;
  /** Event types it reads; the runner skips the others (and still moves past them). */
  readonly eventTypes: readonly string[];
  /** The record collections it writes, all cleared by a rebuild. */
  readonly collections: readonly string[];
  /** Folds one event into the read model, inside the runner's transaction. */
  apply(tx: StorageTransaction, event: RecordedEvent): Promise<void>;
}
