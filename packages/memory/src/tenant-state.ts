import type { JsonObject } from '@strongroom/kernel';
import type { EventRow } from '@strongroom/kernel/adapter';

/** One committed record, or the tombstone of a deleted one (kept so a deletion is a change). */
export interface CommittedRecord {
  readonly collection: string;
  readonly id: string;
  readonly data: JsonObject;
  /** 0 for a tombstone. */
  readonly version: number;
  /** The commit sequence number that wrote it. */
  readonly writtenAt: number;
}

/**
 * The committed data of one tenant. `sequence` counts commits; every write remembers the commit
 * that made it, so a transaction can tell whether anything it depends on changed after it began.
 */
export class TenantState {
  sequence = 0;
  readonly records = new Map<string, CommittedRecord>();
  /** Last commit that inserted, changed or deleted a record of each collection. */
  readonly collectionWrittenAt = new Map<string, number>();
  readonly outbox = new Map<string, EventRow>();
  outboxWrittenAt = 0;
}

/** The key of a record in a tenant's map; `\u0000` cannot occur in a collection name. */
export function recordKey(collection: string, id: string): string {
  return `${collection}\u0000${id}`;
}
