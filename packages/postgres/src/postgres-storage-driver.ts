import type {
  Result,
  StorageCapabilities,
  StorageLimits,
  StorageTransaction,
  TenantId,
  TransactionFunction,
  TransactionIsolation,
} from '@strongroom/kernel';
import { type StorageDriver, StorageFailure, WriteBudget } from '@strongroom/kernel/adapter';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AttemptContext } from './attempt-context.js';
import { toStorageFailure } from './error-mapping.js';
import { PostgresOutboxStore } from './postgres-outbox-store.js';
import { PostgresRecordStore } from './postgres-record-store.js';
import { type StrongroomTables, TENANT_SETTING } from './schema.js';

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
   * Whether the dialect ignores kysely's isolation level (PGlite's does), so the attempt must set
   * it with a statement of its own.
   */
  readonly setsIsolationInTransaction: boolean;
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
    let rolledBack: Result<T, E> | undefined;
    try {
      return await this.#options.db
        .transaction()
        .setIsolationLevel(isolation === 'read_committed' ? 'read committed' : 'serializable')
        .execute(async (transaction) => {
          await this.#enter(transaction, tenantId, isolation);
          const context = new AttemptContext({
            transaction,
            tenantId,
            budget: new WriteBudget(this.limits),
            storageName: this.name,
            isolation,
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
            rolledBack = result;
            throw new RollbackSignal();
          }
          await context.flush();
          return result;
        });
    } catch (thrown) {
      if (thrown instanceof RollbackSignal && rolledBack !== undefined) return rolledBack;
      if (thrown instanceof FunctionThrew) throw thrown.thrown;
      if (thrown instanceof StorageFailure) throw thrown;
      // BEGIN, the role and tenant settings, COMMIT or ROLLBACK failed, or no connection was had.
      throw toStorageFailure(thrown, `${this.name}.transaction`);
    }
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
    if (this.#options.setsIsolationInTransaction) {
      await (isolation === 'read_committed'
        ? sql`set transaction isolation level read committed`
        : sql`set transaction isolation level serializable`
      ).execute(transaction);
    }
    // `set_config('role', …, true)` is `SET LOCAL ROLE` taking the name as a parameter, so one
    // round trip sets both and no identifier is ever spliced into SQL.
    const { role } = this.#options;
    await (role === null
      ? sql`select set_config(${TENANT_SETTING}, ${tenantId}, true)`
      : sql`select set_config('role', ${role}, true), set_config(${TENANT_SETTING}, ${tenantId}, true)`
    ).execute(transaction);
  }
}
