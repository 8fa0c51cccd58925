import type { TenantId, TransactionIsolation } from '@strongroom/kernel';
import {
  conflict,
  type StorageFailure,
  versionMismatch,
  type WriteBudget,
} from '@strongroom/kernel/adapter';
import type { Kysely } from 'kysely';
import { toStorageFailure } from './error-mapping.js';
import { PendingDeletes } from './pending-deletes.js';
import { PendingInserts } from './pending-inserts.js';
import { PendingUpdates } from './pending-updates.js';
import type { StrongroomTables } from './schema.js';

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
  readonly #storageName: string;
  readonly #isolation: TransactionIsolation;
  #failure: StorageFailure | undefined;

  constructor(fields: {
    transaction: Kysely<StrongroomTables>;
    tenantId: TenantId;
    budget: WriteBudget;
    storageName: string;
    isolation: TransactionIsolation;
  }) {
    this.transaction = fields.transaction;
    this.tenantId = fields.tenantId;
    this.budget = fields.budget;
    this.#storageName = fields.storageName;
    this.#isolation = fields.isolation;
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
   * Sends the held-back updates, then the deletes, then the inserts: the order the attempt made
   * them in, for every key held back in more than one. The record store keeps it so: an update of
   * a row the attempt inserted folds into the insert, and one of a row it deleted is refused at
   * once, so a held-back update always came before a held-back delete or insert of its key (a
   * delete of the updated row, an insert that must then find it); and an insert may reuse a key
   * the attempt deleted. A row not at its expected version fails the attempt for good (as a failed
   * statement does), so a function that catches the error still cannot commit.
   */
  async flush(): Promise<void> {
    const execute = <Value>(operation: string, statement: () => Promise<Value>) =>
      this.#execute(operation, statement);
    const found =
      (await this.pendingUpdates.flush(this.transaction, this.tenantId, execute)) ??
      (await this.pendingDeletes.flush(this.transaction, this.tenantId, execute)) ??
      (await this.pendingInserts.flush(this.transaction, this.tenantId, execute));
    if (found !== undefined) {
      const { collection, id, expected, actual } = found;
      this.#failure = this.mismatch(collection, id, expected, actual);
      throw this.#failure;
    }
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
