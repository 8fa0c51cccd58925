import { AsyncLocalStorage } from 'node:async_hooks';
import { err, type Result, ResultAsync } from 'neverthrow';
import { assert } from '../errors/assert.js';
import type {
  Storage,
  StorageCapabilities,
  StorageLimits,
  StorageTransaction,
  TransactionFunction,
  TransactionIsolation,
  TransactionOptions,
} from '../storage/storage.js';
import type { StorageError } from '../storage/storage-error.js';
import { parseTenantId, type TenantId } from '../tenant/tenant-id.js';
import {
  assertRetryPolicy,
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from './retry-policy.js';
import { StorageFailure } from './storage-failure.js';

/**
 * What an adapter implements: one attempt of one transaction. `createStorage` adds everything
 * that must behave the same on every adapter — retries, backoff, nesting, error mapping — so that
 * no adapter can get them subtly different.
 */
export interface StorageDriver<Tx extends StorageTransaction> {
  readonly name: string;
  readonly limits: StorageLimits;
  readonly capabilities: StorageCapabilities;
  /**
   * Opens a transaction, runs `fn`, commits when it returns `ok` and rolls back when it returns
   * `err` or throws (rethrowing). Throws {@link StorageFailure} for a conflict (at any point,
   * commit included), a limit, a version mismatch or an infrastructure fault.
   */
  attempt<T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<Tx, T, E>,
    isolation: TransactionIsolation,
  ): Promise<Result<T, E>>;
  /** Releases the adapter's resources. */
  close(): Promise<void>;
}

/** Options every adapter accepts for its storage. */
export interface CreateStorageOptions {
  readonly retry?: Partial<RetryPolicy>;
}

// The storages whose transaction function is running in the current async context.
const activeStorages = new AsyncLocalStorage<ReadonlySet<object>>();

const sleep = (delayMs: number) => new Promise<void>((resolve) => setTimeout(resolve, delayMs));

/** Builds the public {@link Storage} around an adapter's {@link StorageDriver}. */
export function createStorage<Tx extends StorageTransaction>(
  driver: StorageDriver<Tx>,
  options: CreateStorageOptions = {},
): Storage<Tx> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  assertRetryPolicy(policy);

  const storage: Storage<Tx> = {
    name: driver.name,
    limits: driver.limits,
    capabilities: driver.capabilities,
    transaction<T, E>(
      tenantId: TenantId,
      fn: TransactionFunction<Tx, T, E>,
      call?: TransactionOptions,
    ) {
      const maxAttempts = call?.maxAttempts ?? policy.maxAttempts;
      assertRetryPolicy({ ...policy, maxAttempts });
      assert(parseTenantId(tenantId).isOk(), 'transaction needs a parsed TenantId');
      return new ResultAsync(run(tenantId, fn, maxAttempts, call?.isolation ?? 'serializable'));
    },
    close: () => driver.close(),
  };

  async function run<T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<Tx, T, E>,
    maxAttempts: number,
    isolation: TransactionIsolation,
  ): Promise<Result<T, E | StorageError>> {
    const active = activeStorages.getStore() ?? new Set<object>();
    if (active.has(storage)) return err({ type: 'storage.nested_transaction' });
    const inner = new Set([...active, storage]);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await activeStorages.run(inner, () => driver.attempt(tenantId, fn, isolation));
      } catch (thrown) {
        if (!(thrown instanceof StorageFailure)) throw thrown;
        if (thrown.error.type !== 'storage.conflict') return err(thrown.error);
        if (attempt >= maxAttempts) return err({ type: 'storage.conflict', attempts: attempt });
        await sleep(backoffDelayMs(policy, attempt));
      }
    }
  }

  return storage;
}
