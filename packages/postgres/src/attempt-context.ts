import { AssertionFailure, type TenantId, type TransactionIsolation } from '@strongroom/kernel';
import {
  conflict,
  StorageFailure,
  versionMismatch,
  type WriteBudget,
} from '@strongroom/kernel/adapter';
import { type CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import { firstBatchMismatch } from './batch-mismatch.js';
import { type CompiledShapes, compilableRaw, type ShapedStatement } from './compiled-shapes.js';
import { toStorageFailure } from './error-mapping.js';
import type { HeldBackStatement } from './held-back-statement.js';
import { LockedRows } from './locked-rows.js';
import { PendingDeletes } from './pending-deletes.js';
import { PendingInserts } from './pending-inserts.js';
import { PendingOutbox } from './pending-outbox.js';
import { PendingUpdates } from './pending-updates.js';
import { type ReadById, type RowById, readsByIdStatement } from './reads-by-id.js';
import type { StrongroomTables } from './schema.js';
import { trailingStatement } from './storage-pool.js';

const UNIQUE_VIOLATION = '23505';
// What the guard of a statement sent with COMMIT raises on a mismatch; none of ours divides else.
const DIVISION_BY_ZERO = '22012';

function sqlStateOfFailure(failure: StorageFailure): string | undefined {
  return failure.error.type === 'infrastructure' ? failure.error.code : undefined;
}

// A read waiting for the end of the tick, to go out with the others asked for in it.
interface QueuedRead {
  readonly read: ReadById;
  readonly resolve: (rows: RowById[]) => void;
  readonly reject: (error: unknown) => void;
}

/** The keys of the rows one held-back statement touched. */
type TouchedRows = { collection: string; id: string }[];

// The name of the `WITH` part that sends queue `index` of a combined statement.
function heldPartName(index: number) {
  return sql.ref(`held_${index}`);
}

// One statement sending `parts`, each a data-modifying `WITH` part named by its index, and the
// outbox's appends as the last, then `tail`, which reads the parts and binds no value. `mode`
// names the tail in the shape.
function combinedStatement(
  transaction: Kysely<StrongroomTables>,
  mode: string,
  parts: readonly HeldBackStatement[],
  outbox: ShapedStatement | undefined,
  tail: RawBuilder<unknown>,
): ShapedStatement {
  const members = outbox === undefined ? parts : [...parts, outbox];
  return {
    shape: `${mode}(${members.map((member) => member.shape).join(', ')})`,
    values: members.flatMap((member) => member.values),
    build: (values) => {
      let start = 0;
      const withParts = members.map((member, index) => {
        const end = start + member.values.length;
        const query = member.build(values.slice(start, end));
        start = end;
        const name = index < parts.length ? heldPartName(index) : sql.ref('held_outbox');
        return sql`${name} as (${query})`;
      });
      return compilableRaw(sql`with ${sql.join(withParts)} ${tail}`, transaction);
    },
  };
}

// Whether a key is held in more than one queue: those must be sent in turn, in order.
function keysOverlap(parts: readonly HeldBackStatement[]): boolean {
  for (const [index, part] of parts.entries()) {
    for (const other of parts.slice(index + 1)) {
      const [smaller, larger] =
        part.keys.size <= other.keys.size ? [part.keys, other.keys] : [other.keys, part.keys];
      for (const key of smaller.keys()) if (larger.has(key)) return true;
    }
  }
  return false;
}

/**
 * What the stores of one transaction attempt share: the open transaction, its tenant, its write
 * budget, and the first database failure, which PostgreSQL makes final (every later statement
 * of an aborted transaction fails), so the attempt must end with it even if the caller's function
 * caught it.
 */
export class AttemptContext {
  /** The open transaction every statement of the attempt runs in. */
  readonly transaction: Kysely<StrongroomTables>;
  /** The tenant the attempt runs for; statements filter on it as well as row-level security. */
  readonly tenantId: TenantId;
  /** What the attempt has written so far, checked against the storage's limits. */
  readonly budget: WriteBudget;
  /** Inserts held back until the next statement or COMMIT (see {@link PendingInserts}). */
  readonly pendingInserts = new PendingInserts();
  /** Deletes held back until the next statement or COMMIT (see {@link PendingDeletes}). */
  readonly pendingDeletes = new PendingDeletes();
  /** Updates held back until the next statement or COMMIT (see {@link PendingUpdates}). */
  readonly pendingUpdates = new PendingUpdates();
  /** Outbox appends held back until the next statement or COMMIT (see {@link PendingOutbox}). */
  readonly pendingOutbox = new PendingOutbox();
  /** Rows the attempt holds locked, read again without a statement (see {@link LockedRows}). */
  readonly lockedRows = new LockedRows();
  readonly #storageName: string;
  readonly #isolation: TransactionIsolation;
  readonly #shapes: CompiledShapes;
  #queuedReads: QueuedRead[] = [];
  #failure: StorageFailure | undefined;

  constructor(fields: {
    transaction: Kysely<StrongroomTables>;
    tenantId: TenantId;
    budget: WriteBudget;
    storageName: string;
    isolation: TransactionIsolation;
    /** The storage's compiled held-back write statements, shared by its attempts. */
    shapes: CompiledShapes;
  }) {
    this.transaction = fields.transaction;
    this.tenantId = fields.tenantId;
    this.budget = fields.budget;
    this.#storageName = fields.storageName;
    this.#isolation = fields.isolation;
    this.#shapes = fields.shapes;
  }

  /**
   * The failure of a conditional write or insert that met another version in the database. At
   * SERIALIZABLE that is the caller's mismatch (a concurrent change would have aborted the
   * transaction instead); at READ COMMITTED it cannot be told from a concurrent commit, so the
   * attempt is a conflict and runs again.
   */
  mismatch(collection: string, id: string, expected: number, actual: number): StorageFailure {
    return this.#isolation === 'read_committed'
      ? conflict()
      : versionMismatch(collection, id, expected, actual);
  }

  /** The failure that aborted the transaction, if a statement failed. */
  get failure(): StorageFailure | undefined {
    return this.#failure;
  }

  /**
   * Runs one statement, after sending any held-back writes, and maps a driver error to a
   * {@link StorageFailure}. After a failure it sends nothing more: the server would only answer
   * "current transaction is aborted".
   */
  async run<Value>(operation: string, statement: () => Promise<Value>): Promise<Value> {
    await this.flush();
    return this.#execute(operation, statement);
  }

  /**
   * Runs a read of records that takes no locks. Held-back writes are sent first only when they
   * touch what it reads (the records `ids` of `collection`, or any of it for a listing): a read of
   * other rows cannot see them, so they keep waiting and go out later in one statement with the
   * rest. A stale one then fails the attempt at that later statement or at COMMIT instead; either
   * way the attempt cannot commit. Reads by id go through {@link AttemptContext.readByIds}, which
   * sends everything first for a locking read, so row locks are still taken in the order the
   * attempt asked for them.
   */
  async read<Value>(
    operation: string,
    scope: { readonly collection: string; readonly ids?: readonly string[] },
    statement: () => Promise<Value>,
  ): Promise<Value> {
    if (this.#holdsWritesOf(scope.collection, scope.ids)) await this.flush();
    return this.#execute(operation, statement);
  }

  /**
   * Reads records by id, with `lock` `FOR UPDATE`, after sending any held-back writes a locking
   * read must follow or this read would see (as {@link AttemptContext.run} and
   * {@link AttemptContext.read} do). The reads an attempt asks for in one tick go out as ONE
   * statement (see `readsByIdStatement`) in the order they were asked for: a ledger command's
   * transfers and the accounts it locks cost one round trip, not two.
   */
  readByIds(read: ReadById): Promise<RowById[]> {
    return new Promise((resolve, reject) => {
      this.#queuedReads.push({ read, resolve, reject });
      // After every promise job queued by now, so that reads asked for through async wrappers
      // (the storage's own, a host's) in the same tick still join.
      if (this.#queuedReads.length === 1) process.nextTick(() => void this.#sendQueuedReads());
    });
  }

  async #sendQueuedReads(): Promise<void> {
    const queued = this.#queuedReads;
    this.#queuedReads = [];
    const reads = queued.map((entry) => entry.read);
    try {
      if (reads.some((read) => read.lock || this.#holdsWritesOf(read.collection, read.ids)))
        await this.flush();
      const rows = await this.#executeShaped<RowById>(
        'records.get_many',
        readsByIdStatement(this.transaction, this.tenantId, reads),
      );
      const byRead: RowById[][] = queued.map(() => []);
      for (const row of rows) byRead[row.part]?.push(row);
      for (const [position, entry] of queued.entries()) entry.resolve(byRead[position] ?? []);
    } catch (error) {
      for (const entry of queued) entry.reject(error);
    }
  }

  // Whether a held-back write touches these records of `collection` (all of it without `ids`).
  #holdsWritesOf(collection: string, ids: readonly string[] | undefined): boolean {
    return (
      this.pendingUpdates.touches(collection, ids) ||
      this.pendingDeletes.touches(collection, ids) ||
      this.pendingInserts.touches(collection, ids)
    );
  }

  /**
   * Sends every held-back write. Updates, deletes, inserts and outbox appends whose keys do not
   * overlap go out as ONE statement (each a data-modifying `WITH` part, all on one snapshot), so a
   * typical command commits its changes, audit leaf and events in a single round trip. When the
   * attempt holds one key in more than one queue (a row updated then deleted, one deleted then
   * inserted again) they are sent in turn in the order the attempt made them: updates, then
   * deletes, then inserts (the record store keeps that order so; see `PostgresRecordStore`). A
   * row not at its expected version fails the attempt for good (as a failed statement does), so
   * a function that catches the error still cannot commit.
   */
  async flush(): Promise<void> {
    const { parts, outbox } = this.#takeHeldBack();
    if (parts.length === 0 && outbox === undefined) return;
    await this.#send(parts, outbox);
  }

  /**
   * Sends every held-back write with COMMIT right behind it, in one write to the socket and
   * without waiting for the writes' answer first, and answers whether COMMIT went out. Only at
   * READ COMMITTED with writes held back whose keys do not overlap: there a row not at its
   * expected version is a conflict, which needs no version read to report, so the statement
   * itself can fail on it (and the server then answers COMMIT with a rollback). Otherwise it
   * flushes as {@link AttemptContext.flush} does and leaves COMMIT to the caller.
   */
  async flushAndCommit(): Promise<boolean> {
    const { parts, outbox } = this.#takeHeldBack();
    if (parts.length === 0 && outbox === undefined) return false;
    if (this.#isolation !== 'read_committed' || keysOverlap(parts)) {
      await this.#send(parts, outbox);
      return false;
    }
    await sql.raw(trailingStatement('commit')).execute(this.transaction);
    await this.#sendingOutbox(() => this.#sendGuarded(parts, outbox));
    return true;
  }

  // Empties the queues: the statement of every queue holding writes, and the outbox's.
  #takeHeldBack(): { parts: HeldBackStatement[]; outbox: ShapedStatement | undefined } {
    const { transaction, tenantId } = this;
    const parts = [
      this.pendingUpdates.take(transaction, tenantId),
      this.pendingDeletes.take(transaction, tenantId),
      this.pendingInserts.take(transaction, tenantId),
    ].filter((part) => part !== undefined);
    return { parts, outbox: this.pendingOutbox.take(transaction, tenantId) };
  }

  // Sends the held-back writes, then fails the attempt at the first row not at its version.
  async #send(
    parts: readonly HeldBackStatement[],
    outbox: ShapedStatement | undefined,
  ): Promise<void> {
    const { transaction, tenantId } = this;
    const touched = await this.#sendingOutbox(() =>
      keysOverlap(parts) ? this.#sendInTurn(parts, outbox) : this.#sendTogether(parts, outbox),
    );
    for (const [index, part] of parts.entries()) {
      const found = await firstBatchMismatch(part.expected, touched[index] ?? [], {
        transaction,
        tenantId,
        execute: (operation, statement) => this.#execute(operation, statement),
      });
      if (found !== undefined) {
        const { collection, id, expected, actual } = found;
        this.#failure = this.mismatch(collection, id, expected, actual);
        throw this.#failure;
      }
    }
  }

  // One statement: each queue a `WITH` part, the rows each touched tagged with its position.
  async #sendTogether(
    parts: readonly HeldBackStatement[],
    outbox: ShapedStatement | undefined,
  ): Promise<TouchedRows[]> {
    const [only] = parts;
    if (outbox === undefined && only !== undefined && parts.length === 1)
      return [await this.#executeShaped<TouchedRows[number]>('records.write', only)];
    if (parts.length === 0 && outbox !== undefined) {
      await this.#executeShaped('outbox.append', outbox);
      return [];
    }
    const touched = sql.join(
      parts.map(
        (_, index) =>
          sql`select ${sql.lit(index)} as part, collection, id from ${heldPartName(index)}`,
      ),
      sql` union all `,
    );
    const rows = await this.#executeShaped<{ part: number; collection: string; id: string }>(
      'records.write',
      combinedStatement(this.transaction, 'together', parts, outbox, touched),
    );
    const byPart: TouchedRows[] = parts.map(() => []);
    for (const { part, collection, id } of rows) byPart[part]?.push({ collection, id });
    return byPart;
  }

  // One statement, as `#sendTogether` sends, whose answer divides by zero when a queue touched
  // fewer rows than it holds: the statement fails, and with it the transaction.
  async #sendGuarded(
    parts: readonly HeldBackStatement[],
    outbox: ShapedStatement | undefined,
  ): Promise<void> {
    // Outbox appends alone cannot miss a row: nothing to guard.
    if (parts.length === 0) {
      await this.#sendTogether(parts, outbox);
      return;
    }
    const complete = sql.join(
      parts.map(
        (part, index) =>
          sql`(select count(*) from ${heldPartName(index)}) = ${sql.lit(part.expected.length)}`,
      ),
      sql` and `,
    );
    try {
      const guard = sql`select 1 / (case when ${complete} then 1 else 0 end) as complete`;
      await this.#executeShaped(
        'records.write',
        combinedStatement(this.transaction, 'guarded', parts, outbox, guard),
      );
    } catch (thrown) {
      if (!(thrown instanceof StorageFailure) || sqlStateOfFailure(thrown) !== DIVISION_BY_ZERO)
        throw thrown;
      // A row not at its expected version: at READ COMMITTED a concurrent commit (see `mismatch`).
      this.#failure = conflict();
      throw this.#failure;
    }
  }

  // The queues one statement each, in the order the attempt made them; stops at a mismatch.
  async #sendInTurn(
    parts: readonly HeldBackStatement[],
    outbox: ShapedStatement | undefined,
  ): Promise<TouchedRows[]> {
    const touched: TouchedRows[] = [];
    for (const part of parts) {
      const rows = await this.#executeShaped<TouchedRows[number]>('records.write', part);
      touched.push(rows);
      if (rows.length !== part.expected.length) return touched;
    }
    if (outbox !== undefined) await this.#executeShaped('outbox.append', outbox);
    return touched;
  }

  // Event ids are fresh TypeIDs: an append of one already in the outbox is a bug in the caller,
  // not an operating error, whichever statement sends it.
  async #sendingOutbox<Value>(send: () => Promise<Value>): Promise<Value> {
    try {
      return await send();
    } catch (thrown) {
      if (thrown instanceof StorageFailure && sqlStateOfFailure(thrown) === UNIQUE_VIOLATION) {
        throw new AssertionFailure('an event id is appended to the outbox once');
      }
      throw thrown;
    }
  }

  // A shaped statement, compiled once per shape (see `CompiledShapes`), and the rows it returns.
  async #executeShaped<Row>(operation: string, statement: ShapedStatement): Promise<Row[]> {
    const compiled = this.#shapes.compile(statement);
    const result = await this.#execute(operation, () =>
      this.transaction.executeQuery<Row>(compiled as CompiledQuery<Row>),
    );
    return result.rows;
  }

  async #execute<Value>(operation: string, statement: () => Promise<Value>): Promise<Value> {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      return await statement();
    } catch (error) {
      this.#failure = toStorageFailure(error, `${this.#storageName}.${operation}`);
      throw this.#failure;
    }
  }
}
