import { assert, type StorageLimits, type TenantId } from '@strongroom/kernel';
import { conflict, WriteBudget } from '@strongroom/kernel/adapter';
import type { DynamoDbTable } from './dynamodb-table.js';
import { ABSENT, type ReadRecordState, type RecordState } from './item-codec.js';
import { type ItemKey, itemKeyString } from './table-layout.js';

/** A write buffered until commit. */
export type PendingWrite =
  | { readonly kind: 'put'; readonly key: ItemKey; readonly version: number; readonly json: string }
  | { readonly kind: 'delete'; readonly key: ItemKey }
  | { readonly kind: 'append'; readonly key: ItemKey; readonly json: string }
  /** An outbox event deleted without a condition: one that is already gone is no failure. */
  | { readonly kind: 'remove'; readonly key: ItemKey };

/** One entry of the read set: a record key and what reading it returned. */
export interface ReadEntry {
  readonly key: ItemKey;
  readonly state: ReadRecordState;
}

/**
 * One attempt of one transaction: its read set (every record it read, with the version and
 * revision the read returned, or that it was absent) and its writes, buffered until commit. The
 * commit turns both into one `TransactWriteItems` whose conditions hold only if nothing read has
 * changed, which is what makes the attempt's reads one consistent state.
 */
export class UnitOfWork {
  readonly table: DynamoDbTable;
  readonly tenantId: TenantId;
  readonly limits: StorageLimits;
  /**
   * A random id stamped on every record this attempt commits (so a condition can tell a record
   * re-inserted at the same version from the one read) and used as the commit's idempotency token.
   */
  readonly revision: string = crypto.randomUUID();
  readonly #budget: WriteBudget;
  readonly #reads = new Map<string, ReadEntry>();
  readonly #writes = new Map<string, PendingWrite>();
  #open = true;

  constructor(table: DynamoDbTable, tenantId: TenantId, limits: StorageLimits) {
    this.table = table;
    this.tenantId = tenantId;
    this.limits = limits;
    this.#budget = new WriteBudget(limits);
  }

  /** Refuses use of a transaction after its function returned (a leaked `tx`, an unawaited call). */
  assertOpen(): void {
    assert(this.#open, 'a transaction is used after its function returned');
  }

  /** Ends the function's access; commit or validation works on what is buffered now. */
  end(): void {
    this.#open = false;
  }

  /** A record as this attempt sees it: its own pending write, else what it read, else unknown. */
  visible(key: ItemKey): RecordState | undefined {
    const id = itemKeyString(key);
    const write = this.#writes.get(id);
    if (write?.kind === 'put') return { exists: true, version: write.version, json: write.json };
    if (write?.kind === 'delete') return ABSENT;
    return this.#reads.get(id)?.state;
  }

  /**
   * Adds what a read returned to the read set and returns the state the attempt goes on seeing.
   * The first read of a key stands: a later read that disagrees means a concurrent commit changed
   * the record, so this attempt can no longer see one consistent state and must run again.
   */
  remember(key: ItemKey, state: ReadRecordState): ReadRecordState {
    const id = itemKeyString(key);
    const known = this.#reads.get(id);
    if (known === undefined) {
      if (this.#open) this.#reads.set(id, { key, state });
      return state;
    }
    if (!sameState(known.state, state)) throw conflict();
    return known.state;
  }

  /** What reading `key` returned, if this attempt read it. */
  readOf(key: ItemKey): ReadRecordState | undefined {
    return this.#reads.get(itemKeyString(key))?.state;
  }

  /** Whether this attempt already writes `key`. */
  writes(key: ItemKey): boolean {
    return this.#writes.has(itemKeyString(key));
  }

  /** Charges a write to the attempt's budget (throwing past a limit) and buffers it. */
  stage(write: PendingWrite, bytes: number): void {
    const id = itemKeyString(write.key);
    this.#budget.charge(id, bytes);
    this.#writes.set(id, write);
  }

  /**
   * Drops the buffered write of `key`, which then writes nothing. The key stays counted as one
   * write (the budget cannot tell it was dropped) but its bytes no longer count.
   */
  unstage(key: ItemKey): void {
    const id = itemKeyString(key);
    this.#budget.charge(id, 0);
    this.#writes.delete(id);
  }

  /** Every buffered write, the latest per key. */
  pendingWrites(): PendingWrite[] {
    return [...this.#writes.values()];
  }

  /** Buffered writes in one partition. */
  pendingWritesIn(partitionKey: string): PendingWrite[] {
    return this.pendingWrites().filter((write) => write.key.pk === partitionKey);
  }

  /** Every entry of the read set. */
  readEntries(): ReadEntry[] {
    return [...this.#reads.values()];
  }

  /** Read-set entries in one partition. */
  readEntriesIn(partitionKey: string): ReadEntry[] {
    return this.readEntries().filter((entry) => entry.key.pk === partitionKey);
  }
}

/** Whether two reads of one item saw the same version of it. */
export function sameState(left: ReadRecordState, right: ReadRecordState): boolean {
  if (!left.exists || !right.exists) return left.exists === right.exists;
  return left.version === right.version && left.revision === right.revision;
}
