import {
  err,
  ok,
  type Result,
  type Storage,
  type StorageError,
  type TenantId,
} from '@strongroom/kernel';
import type { DataKeyGeneratedEvent } from '../envelope/create-envelope-cipher.js';
import { KEK_NAME_PATTERN } from '../kms/kek-name.js';

/** Where data keys generated per KEK version are counted: `vault.key_usage/<keyId>.v<N>`, per tenant. */
export const KEY_USAGE_COLLECTION = 'vault.key_usage';

/** Distinct counters (tenant, KEK, version) waiting to be written at most; beyond, counts are dropped. */
export const KEY_USAGE_PENDING_MAX = 1024;

// Counters one flush transaction writes at most, far below every adapter's write limit.
const COUNTERS_PER_TRANSACTION = 64;

/** The id of a usage counter record. */
export function keyUsageRecordId(keyId: string, version: number): string {
  return `${keyId}.v${version}`;
}

/**
 * Counts data keys generated per KEK version, per tenant, for rotation by volume (PCI DSS 3.7.4,
 * NIST SP 800-57). The counter is written once per new data key, not per encryption: the data-key
 * cache reuses a key for many messages, so the row is written rarely and is no hot row.
 *
 * Counting is kept off the encryption path: `record` only adds to an in-memory tally and a
 * background flush writes it, so a slow or failing store never fails or delays an encryption. A
 * failed flush keeps its counts for the next flush (started by the next count, by `flush`
 * or by `describe`); the tally holds at most
 * {@link KEY_USAGE_PENDING_MAX} distinct counters, and counts beyond are dropped and reported by
 * `dropped` (an undercount only delays a usage-based rotation; cryptoperiods still apply).
 */
export class KeyUsageRecorder {
  readonly #storage: Storage;
  // tenant -> counter id -> increments not yet written.
  readonly #pending = new Map<TenantId, Map<string, number>>();
  #pendingCounters = 0;
  #dropped = 0;
  #flushing: Promise<Result<void, StorageError>> | null = null;
  #lastFailure: StorageError | null = null;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** Counts one generated data key and starts a background flush; never throws, never waits. */
  record(event: DataKeyGeneratedEvent): void {
    if (
      !KEK_NAME_PATTERN.test(event.keyId) ||
      !Number.isSafeInteger(event.version) ||
      event.version < 1
    ) {
      this.#dropped += 1;
      return;
    }
    const id = keyUsageRecordId(event.keyId, event.version);
    this.#add(event.tenantId, id, 1);
    if (this.#flushing === null) void this.flush();
  }

  /** Counts that could not be kept because the tally was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Distinct counters waiting to be written. */
  get pendingCounters(): number {
    return this.#pendingCounters;
  }

  /** Why the last flush failed, or `null` if it succeeded. */
  get lastFailure(): StorageError | null {
    return this.#lastFailure;
  }

  /**
   * Writes every pending count (waiting for a flush already running first). Call it before reading
   * counters and at shutdown; it is also what `record` starts in the background.
   */
  async flush(): Promise<Result<void, StorageError>> {
    while (this.#flushing !== null) await this.#flushing;
    if (this.#pendingCounters === 0) return ok(undefined);
    this.#flushing = this.#flushAll().catch((thrown: unknown) => {
      // A throw is a bug in a store; it must still never reach the encryption that counted.
      const failure: StorageError = {
        type: 'infrastructure',
        retryable: true,
        operation: 'vault.key_usage.flush',
        message: thrown instanceof Error ? thrown.name : 'unknown failure',
      };
      return err(failure);
    });
    const result = await this.#flushing;
    this.#flushing = null;
    this.#lastFailure = result.isErr() ? result.error : null;
    // Counted after the last batch was taken but before the flush ended: write them too.
    if (result.isOk() && this.#pendingCounters > 0) void this.flush();
    return result;
  }

  /** Sums the stored counters of a KEK's versions over the given tenants. */
  async read(
    tenantIds: readonly TenantId[],
    keyId: string,
    versions: readonly number[],
  ): Promise<Result<Map<number, number>, StorageError>> {
    const totals = new Map(versions.map((version) => [version, 0]));
    const ids = versions.map((version) => keyUsageRecordId(keyId, version));
    for (const tenantId of new Set(tenantIds)) {
      const records = await this.#storage.transaction(tenantId, async (tx) =>
        ok(await tx.records.getMany(KEY_USAGE_COLLECTION, ids)),
      );
      if (records.isErr()) return err(records.error);
      records.value.forEach((record, index) => {
        const version = versions[index] as number;
        totals.set(version, (totals.get(version) ?? 0) + Number(record?.data['count'] ?? 0));
      });
    }
    return ok(totals);
  }

  #add(tenantId: TenantId, id: string, increment: number): void {
    let counters = this.#pending.get(tenantId);
    const known = counters?.has(id) === true;
    if (!known && this.#pendingCounters >= KEY_USAGE_PENDING_MAX) {
      this.#dropped += increment;
      return;
    }
    if (counters === undefined) {
      counters = new Map();
      this.#pending.set(tenantId, counters);
    }
    counters.set(id, (counters.get(id) ?? 0) + increment);
    if (!known) this.#pendingCounters += 1;
  }

  async #flushAll(): Promise<Result<void, StorageError>> {
    for (const [tenantId, counters] of [...this.#pending]) {
      // Counts leave the tally only once written, so a failed or thrown write loses nothing and
      // counts added meanwhile are kept.
      const batch = [...counters].slice(0, COUNTERS_PER_TRANSACTION);
      const written = await this.#storage.transaction(tenantId, async (tx) => {
        const existing = await tx.records.getMany(
          KEY_USAGE_COLLECTION,
          batch.map(([id]) => id),
        );
        for (const [index, [id, increment]] of batch.entries()) {
          const record = existing[index];
          await tx.records.put({
            collection: KEY_USAGE_COLLECTION,
            id,
            data: { count: Number(record?.data['count'] ?? 0) + increment },
            expectedVersion: record?.version ?? 0,
          });
        }
        return ok(undefined);
      });
      if (written.isErr()) return err(written.error);
      for (const [id, increment] of batch) {
        const remaining = (counters.get(id) ?? 0) - increment;
        if (remaining > 0) counters.set(id, remaining);
        else {
          counters.delete(id);
          this.#pendingCounters -= 1;
        }
      }
      if (counters.size === 0) this.#pending.delete(tenantId);
    }
    // More may have been counted while writing, or a tenant had more than one batch.
    return this.#pendingCounters > 0 ? this.#flushAll() : ok(undefined);
  }
}
