import {
  AssertionFailure,
  type Result,
  type StorageCapabilities,
  type StorageLimits,
  type StorageTransaction,
  type TenantId,
  type TransactionFunction,
  type TransactionIsolation,
} from '@strongroom/kernel';
import { type StorageDriver, StorageFailure, WriteBudget } from '@strongroom/kernel/adapter';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AttemptContext } from './attempt-context.js';
import { beginStatement } from './begin-statement.js';
import { CompiledShapes } from './compiled-shapes.js';
import { toStorageFailure } from './error-mapping.js';
import { PostgresOutboxStore } from './postgres-outbox-store.js';
import { PostgresRecordStore } from './postgres-record-store.js';
import { type StrongroomTables, TENANT_SETTING } from './schema.js';
import { heldStatement } from './storage-pool.js';

/** How a {@link PostgresStorageDriver} reaches its database and what it reports about itself. */
export interface PostgresStorageDriverOptions {
  /** `postgres` or `pglite`: names the storage and prefixes infrastructure error operations. */
  readonly name: string;
  readonly db: Kysely<StrongroomTables>;
  readonly limits: StorageLimits;
  readonly capabilities: StorageCapabilities;
  /** The role every transaction switches to, or `null` to stay the connecting user. */
  readonly role: string | null;
  /**
   * How a transaction starts. `single_query`: BEGIN with its isolation level, the role and the
   * tenant setting go in one simple-protocol query (a PostgreSQL server over node-postgres, where
   * every round trip costs a socket write on each side). `statements`: kysely's BEGIN, then the
   * isolation level and the settings as statements of their own (PGlite, which runs in process
   * and whose dialect ignores kysely's isolation level).
   */
  readonly transactionStart: 'single_query' | 'statements';
  /**
   * Whether a `single_query` transaction's COMMIT may go out with its last write, where the
   * isolation allows it (see `AttemptContext.flushAndCommit`): only over the storage's own pool
   * wrapper (`storagePool`), which holds such a COMMIT back until the write is sent.
   */
  readonly commitWithWrites: boolean;
  /** Releases what the storage owns (its pool or PGlite instance); a no-op for borrowed ones. */
  readonly close: () => Promise<void>;
}

// The caller's function returned `err`: thrown through kysely's transaction to roll it back.
class RollbackSignal {}

// The caller's function threw: carried through kysely's transaction unchanged.
class FunctionThrew {
  readonly thrown: unknown;
  constructor(thrown: unknown) {
    this.thrown = thrown;
  }
}

/**
 * One attempt of one transaction on PostgreSQL or PGlite, for `createStorage`: a real transaction
 * at SERIALIZABLE (or READ COMMITTED when the caller asks and locks what it rewrites), switched to the application role and the tenant's row-level security setting,
 * committed when the function returns `ok`. Serialization failures and deadlocks, at any statement
 * or at COMMIT, are thrown as conflicts for `createStorage` to retry.
 */
export class PostgresStorageDriver implements StorageDriver<StorageTransaction> {
  readonly name: string;
  readonly limits: StorageLimits;
  readonly capabilities: StorageCapabilities;
  readonly #options: PostgresStorageDriverOptions;
  readonly #shapes = new CompiledShapes();

  constructor(options: PostgresStorageDriverOptions) {
    this.name = options.name;
    this.limits = options.limits;
    this.capabilities = options.capabilities;
    this.#options = options;
  }

  /** {@inheritDoc StorageDriver.attempt} */
  async attempt<T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    isolation: TransactionIsolation,
  ): Promise<Result<T, E>> {
    const outcome: { rolledBack?: Result<T, E> } = {};
    try {
      return this.#options.transactionStart === 'single_query'
        ? await this.#attemptOnConnection(tenantId, fn, isolation, outcome)
        : await this.#options.db
            .transaction()
            .setIsolationLevel(isolation === 'read_committed' ? 'read committed' : 'serializable')
            .execute(async (transaction) => {
              await this.#enter(transaction, tenantId, isolation);
              const run = await this.#run(transaction, tenantId, fn, isolation, outcome, false);
              return run.result;
            });
    } catch (thrown) {
      if (thrown instanceof RollbackSignal && outcome.rolledBack !== undefined)
        return outcome.rolledBack;
      if (thrown instanceof FunctionThrew) throw thrown.thrown;
      // A held-back write sent at COMMIT can still reveal a programmer error (a repeated event id).
      if (thrown instanceof StorageFailure || thrown instanceof AssertionFailure) throw thrown;
      // BEGIN, the role and tenant settings, COMMIT or ROLLBACK failed, or no connection was had.
      throw toStorageFailure(thrown, `${this.name}.transaction`);
    }
  }

  // One pooled connection; BEGIN and the settings go out with the first statement, and COMMIT
  // with the last write where it can (see `AttemptContext.flushAndCommit`), else on its own.
  async #attemptOnConnection<T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    isolation: TransactionIsolation,
    outcome: { rolledBack?: Result<T, E> },
  ): Promise<Result<T, E>> {
    return this.#options.db.connection().execute(async (connection) => {
      // Held back to go out with the first statement: no round trip of its own.
      const begin = beginStatement(isolation, this.#options.role, tenantId);
      await sql.raw(heldStatement(begin)).execute(connection);
      try {
        const { result, committed } = await this.#run(
          connection,
          tenantId,
          fn,
          isolation,
          outcome,
          this.#options.commitWithWrites,
        );
        if (!committed) await sql`commit`.execute(connection);
        return result;
      } catch (thrown) {
        // After a failed COMMIT the server has already ended the transaction; a lost connection
        // is discarded by the pool. Either way the original failure is what the caller needs.
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw thrown;
      }
    });
  }

  // Runs the caller's function in the open transaction and flushes its buffered writes, with
  // COMMIT behind them when `commitWithWrites` allows it (answering whether it went); an `err`
  // result is kept in `outcome` and thrown as a rollback.
  async #run<T, E>(
    transaction: Kysely<StrongroomTables>,
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    isolation: TransactionIsolation,
    outcome: { rolledBack?: Result<T, E> },
    commitWithWrites: boolean,
  ): Promise<{ result: Result<T, E>; committed: boolean }> {
    const context = new AttemptContext({
      transaction,
      tenantId,
      budget: new WriteBudget(this.limits),
      storageName: this.name,
      isolation,
      shapes: this.#shapes,
    });
    let result: Result<T, E>;
    try {
      result = await fn({
        tenantId,
        records: new PostgresRecordStore(context),
        outbox: new PostgresOutboxStore(context),
      });
    } catch (thrown) {
      // A conflict explains whatever the function threw after it; retrying is the cure.
      const failure = context.failure;
      throw new FunctionThrew(failure?.error.type === 'storage.conflict' ? failure : thrown);
    }
    // A failed statement aborted the transaction even if the function swallowed the error.
    if (context.failure !== undefined) throw context.failure;
    if (result.isErr()) {
      outcome.rolledBack = result;
      throw new RollbackSignal();
    }
    if (commitWithWrites) return { result, committed: await context.flushAndCommit() };
    await context.flush();
    return { result, committed: false };
  }

  /** {@inheritDoc StorageDriver.close} */
  close(): Promise<void> {
    return this.#options.close();
  }

  // Puts the transaction in its isolation level, role and tenant before the function runs.
  async #enter(
    transaction: Transaction<StrongroomTables>,
    tenantId: TenantId,
    isolation: TransactionIsolation,
  ): Promise<void> {
    await (isolation === 'read_committed'
      ? sql`set transaction isolation level read committed`
      : sql`set transaction isolation level serializable`
    ).execute(transaction);
    // `set_config('role', …, true)` is `SET LOCAL ROLE` taking the name as a parameter, so one
    // round trip sets both and no identifier is ever spliced into SQL.
    const { role } = this.#options;
    await (role === null
      ? sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`
      : sql`select set_config('role', ${role}, true), set_config(${TENANT_SETTING}, ${tenantId}, true)`
    ).execute(transaction);
  }
}
