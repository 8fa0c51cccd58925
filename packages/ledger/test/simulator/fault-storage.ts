import {
  err,
  fromTypedPromise,
  type InfrastructureError,
  infrastructureError,
  type OutboxStore,
  ok,
  type RecordStore,
  type Result,
  type Storage,
  type StorageError,
  type StorageTransaction,
  type TenantId,
  type TransactionFunction,
  type TransactionOptions,
} from '@strongroom/kernel';
import { expectInvariant } from './invariant-violation.js';
import type { SimulatorRandom } from './simulator-random.js';

/**
 * What the injector can do to one transaction:
 * - `unavailable`: fails before the function runs (connection refused);
 * - `commit_failed`: the function runs, its changes are discarded, the caller gets a fault;
 * - `lost_reply`: the transaction commits, the caller gets a fault all the same;
 * - `conflict`: a concurrent writer rewrites what the function read before it commits, so the
 *   storage runs the function again;
 * - `conflict_exhausted`: the same with a budget of one attempt, so the caller gets
 *   `storage.conflict`;
 * - `crash`: the process dies in the middle of the transaction, before or after its commit;
 *   every later transaction of the process fails until the client restarts it.
 */
export const STORAGE_FAULT_KINDS = [
  'unavailable',
  'commit_failed',
  'lost_reply',
  'conflict',
  'conflict_exhausted',
  'crash',
] as const;

/** One of {@link STORAGE_FAULT_KINDS}. */
export type StorageFaultKind = (typeof STORAGE_FAULT_KINDS)[number];

/** Per-transaction probability (0..1) of each fault; the rest passes through. */
export type StorageFaultRates = Readonly<Record<StorageFaultKind, number>>;

/** A fault that was injected, as reported to the process that owns the storage. */
export interface InjectedFault {
  readonly kind: StorageFaultKind;
  /** Whether the transaction committed although its caller is told it failed. */
  readonly committedUnacknowledged: boolean;
}

/** A storage that injects faults and can be crashed. */
export interface FaultyStorage extends Storage {
  /** True once a `crash` fault killed the process: every transaction then fails. */
  readonly crashed: boolean;
}

/** Options of {@link createFaultyStorage}. */
export interface FaultyStorageOptions {
  /** Draws every fault decision. */
  readonly random: SimulatorRandom;
  readonly rates: StorageFaultRates;
  /** Told about every fault that took effect. */
  readonly onFault: (fault: InjectedFault) => void;
  /**
   * Sabotage, for proving that the checker notices: with this probability a transaction commits
   * without its writes to `collection` (a torn commit, which the port's contract forbids).
   */
  readonly tornCommit?: { readonly rate: number; readonly collection: string };
}

function fault(operation: string, message: string): InfrastructureError {
  return infrastructureError({ retryable: true, operation, message });
}

const UNAVAILABLE = fault('simulator.connect', 'injected: connection refused');
const COMMIT_FAILED = fault('simulator.commit', 'injected: commit failed, changes discarded');
const REPLY_LOST = fault('simulator.reply', 'injected: connection lost after the commit');
const CRASHED = fault('simulator.process', 'injected: the process crashed');

// Marks a rollback the injector forced, so it is told apart from the function's own `err`.
const DISCARD = Symbol('discard');

interface RecordKey {
  readonly collection: string;
  readonly id: string;
}

// What a transaction did, as far as the injector needs to know.
interface TransactionObserver {
  // Records read, so a competing writer knows what to rewrite.
  readonly reads: Map<string, RecordKey>;
  // Whether it wrote anything: a read-only transaction that "commits unacknowledged" changed nothing.
  wrote: boolean;
}

function observer(): TransactionObserver {
  return { reads: new Map(), wrote: false };
}

// The transaction with its record reads and its writes noted in `seen`.
function observedTransaction(
  tx: StorageTransaction,
  seen: TransactionObserver,
): StorageTransaction {
  const note = (collection: string, id: string) =>
    seen.reads.set(`${collection}/${id}`, { collection, id });
  const records: RecordStore = {
    get: (collection, id) => {
      note(collection, id);
      return tx.records.get(collection, id);
    },
    getMany: (collection, ids, options) => {
      for (const id of ids) note(collection, id);
      return tx.records.getMany(collection, ids, options);
    },
    put: (write) => {
      seen.wrote = true;
      return tx.records.put(write);
    },
    delete: (target) => {
      seen.wrote = true;
      return tx.records.delete(target);
    },
    list: async (collection, page) => {
      const listed = await tx.records.list(collection, page);
      for (const record of listed.items) note(collection, record.id);
      return listed;
    },
  };
  const outbox: OutboxStore = {
    append: (events) => {
      seen.wrote = true;
      return tx.outbox.append(events);
    },
    list: (page) => tx.outbox.list(page),
    remove: (ids) => {
      seen.wrote = true;
      return tx.outbox.remove(ids);
    },
  };
  return { tenantId: tx.tenantId, records, outbox };
}

/**
 * Wraps a storage's public `transaction` with faults drawn per transaction, keeping the port's
 * contract: a transaction that reports a fault without having committed changed nothing, and a
 * conflict re-runs the function. Conflicts are real ones: a second transaction, started outside
 * the first, rewrites (unchanged) every record the first read, after it read them and before it
 * commits, so the storage's own validation refuses the commit.
 */
export function createFaultyStorage(inner: Storage, options: FaultyStorageOptions): FaultyStorage {
  const { random, rates, onFault, tornCommit } = options;
  let crashed = false;

  // The transaction with every write to the torn collection silently dropped.
  const torn = (tx: StorageTransaction, collection: string): StorageTransaction => ({
    tenantId: tx.tenantId,
    outbox: tx.outbox,
    records: {
      get: (name, id) => tx.records.get(name, id),
      getMany: (name, ids, readOptions) => tx.records.getMany(name, ids, readOptions),
      list: (name, page) => tx.records.list(name, page),
      delete: (target) => tx.records.delete(target),
      put: async (write) =>
        write.collection === collection
          ? { collection, id: write.id, data: write.data, version: write.expectedVersion + 1 }
          : tx.records.put(write),
    },
  });

  const drawFault = (): StorageFaultKind | null => {
    let draw = random.uint32() / 0x1_0000_0000;
    for (const kind of STORAGE_FAULT_KINDS) {
      if (draw < rates[kind]) return kind;
      draw -= rates[kind];
    }
    return null;
  };

  // Runs `fn`, but rolls back whatever it returns; `discarded` tells whether it returned `ok`.
  const runDiscarded = async <T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    call: TransactionOptions | undefined,
  ): Promise<{ result: Result<T, E | StorageError>; discarded: boolean }> => {
    const result = await inner.transaction(
      tenantId,
      async (tx): Promise<Result<T, E | typeof DISCARD>> => {
        const outcome = await fn(tx);
        return outcome.isOk() ? err(DISCARD) : outcome;
      },
      call,
    );
    if (result.isErr() && result.error === DISCARD)
      return { result: err(COMMIT_FAILED), discarded: true };
    return { result: result as Result<T, E | StorageError>, discarded: false };
  };

  // Runs `fn` as it is, noting whether the attempt that committed wrote anything.
  const runObserved = async <T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    call: TransactionOptions | undefined,
  ): Promise<{ result: Result<T, E | StorageError>; wrote: boolean }> => {
    let seen = observer();
    const result = await inner.transaction(
      tenantId,
      (tx) => {
        seen = observer();
        return fn(observedTransaction(tx, seen));
      },
      call,
    );
    return { result, wrote: seen.wrote };
  };

  const runConflicted = async <T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    call: TransactionOptions | undefined,
  ): Promise<{ result: Result<T, E | StorageError>; attempts: number }> => {
    let release: (keys: readonly RecordKey[]) => void = () => {};
    const victimRead = new Promise<readonly RecordKey[]>((resolve) => {
      release = resolve;
    });
    // Started before the victim, so it is not inside the victim's transaction.
    const competitor = inner.transaction(tenantId, async (tx) => {
      let rewrote = 0;
      for (const { collection, id } of await victimRead) {
        const record = await tx.records.get(collection, id);
        if (record === undefined) continue;
        await tx.records.put({
          collection,
          id,
          data: record.data,
          expectedVersion: record.version,
        });
        rewrote += 1;
      }
      return ok(rewrote);
    });
    let attempts = 0;
    const result = await inner.transaction(
      tenantId,
      async (tx) => {
        attempts += 1;
        if (attempts > 1) return fn(tx);
        const seen = observer();
        let outcome: Result<T, E>;
        try {
          outcome = await fn(observedTransaction(tx, seen));
        } finally {
          release([...seen.reads.values()]);
        }
        await competitor;
        return outcome;
      },
      call,
    );
    if (attempts === 0) release([]);
    const rewrote = await competitor;
    // The port's promise: a commit based on reads another commit has since changed fails.
    expectInvariant(
      !(rewrote.isOk() && rewrote.value > 0 && attempts === 1 && result.isOk()),
      () => `${inner.name} committed a transaction whose reads a concurrent commit had changed`,
    );
    return { result, attempts };
  };

  const run = async <T, E>(
    tenantId: TenantId,
    fn: TransactionFunction<StorageTransaction, T, E>,
    call: TransactionOptions | undefined,
  ): Promise<Result<T, E | StorageError>> => {
    if (crashed) return err(CRASHED);
    if (tornCommit !== undefined && random.chance(tornCommit.rate)) {
      return inner.transaction(tenantId, (tx) => fn(torn(tx, tornCommit.collection)), call);
    }
    const kind = drawFault();
    switch (kind) {
      case null:
        return inner.transaction(tenantId, fn, call);
      case 'unavailable':
        onFault({ kind, committedUnacknowledged: false });
        return err(UNAVAILABLE);
      case 'commit_failed': {
        const { result, discarded } = await runDiscarded(tenantId, fn, call);
        if (discarded) onFault({ kind, committedUnacknowledged: false });
        return result;
      }
      case 'lost_reply': {
        const { result, wrote } = await runObserved(tenantId, fn, call);
        if (result.isErr()) return result;
        onFault({ kind, committedUnacknowledged: wrote });
        return err(REPLY_LOST);
      }
      case 'conflict':
      case 'conflict_exhausted': {
        const budget = kind === 'conflict' ? call : { ...call, maxAttempts: 1 };
        const { result, attempts } = await runConflicted(tenantId, fn, budget);
        const struck =
          kind === 'conflict'
            ? attempts > 1
            : result.isErr() && (result.error as { type?: unknown }).type === 'storage.conflict';
        if (struck) onFault({ kind, committedUnacknowledged: false });
        return result;
      }
      case 'crash': {
        const afterCommit = random.chance(0.5);
        const { result, wrote } = afterCommit
          ? await runObserved(tenantId, fn, call)
          : { result: (await runDiscarded(tenantId, fn, call)).result, wrote: false };
        crashed = true;
        onFault({ kind, committedUnacknowledged: afterCommit && result.isOk() && wrote });
        return err(CRASHED);
      }
    }
  };

  return {
    name: `faulty ${inner.name}`,
    limits: inner.limits,
    capabilities: inner.capabilities,
    get crashed() {
      return crashed;
    },
    transaction: (tenantId, fn, call) => fromTypedPromise(run(tenantId, fn, call)),
    close: () => inner.close(),
  };
}
