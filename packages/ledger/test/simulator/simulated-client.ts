import { createAuditLog } from '@strongroom/audit';
import type { Clock, Storage, StorageError, TenantId } from '@strongroom/kernel';
import type { AccountResult } from '../../src/engine/account-result.js';
import type { ExpiryResult } from '../../src/engine/expire-pending-transfers.js';
import type { TransferResult } from '../../src/engine/transfer-result.js';
import type { AccountInput } from '../../src/model/ledger-input.js';
import { createLedger, type Ledger } from '../../src/service/ledger.js';
import {
  createFaultyStorage,
  type FaultyStorage,
  type InjectedFault,
  type StorageFaultRates,
} from './fault-storage.js';
import { expectInvariant, InvariantViolation } from './invariant-violation.js';
import type { ReferenceModel } from './reference-model.js';
import { processIdGenerator } from './simulator-ids.js';
import type { SimulatorRandom } from './simulator-random.js';
import { count, type SimulatorStats } from './simulator-stats.js';
import type { ClientCommand } from './workload.js';

/** Attempts of one command before the run fails for want of progress (faults are random). */
export const CLIENT_ATTEMPTS_MAX = 60;
// Calls of one sweep command: each releases up to its limit, the last reports nothing more.
const SWEEP_CALLS_MAX = 200;

/** The audit keys of every process of a run (the same log, restarted or not). */
const AUDIT_SIGNING = {
  originPrefix: 'simulator.strongroom.test',
  masterSeeds: [new Uint8Array(32).fill(7)],
};

/** What every client of a run shares: the database, the clock, the model and the counters. */
export interface ClientEnvironment {
  readonly database: Storage;
  readonly clock: Clock;
  readonly tenantId: TenantId;
  readonly model: ReferenceModel;
  readonly stats: SimulatorStats;
  readonly rates: StorageFaultRates;
  /** A run-wide number for each new process, so its minted ids are unique. */
  readonly nextProcessNumber: () => number;
  /** Sabotage for the simulator's own test (see `FaultyStorageOptions.tornCommit`). */
  readonly tornCommit?: { readonly rate: number; readonly collection: string };
}

// One incarnation of the client's application process: lost on a crash.
interface ClientProcess {
  readonly storage: FaultyStorage;
  readonly ledger: Ledger;
  // The last commit stamp this process handed out; stamps only increase within a process.
  lastTimestamp: bigint;
}

// Whether a command's own attempt committed without its caller hearing of it.
interface CommandState {
  lostCommit: boolean;
}

type CommandError = StorageError | { readonly type: string; readonly cause?: unknown };

/**
 * One application process talking to the shared database through its own faulty connection. It
 * sends a command, and on a retryable failure sends the same command (same ids) again, restarting
 * itself first when it crashed, until it gets an answer; the answer goes into the model.
 */
export class SimulatedClient {
  /** The client's own stream: its commands and its faults. */
  readonly random: SimulatorRandom;
  readonly #faults: SimulatorRandom;
  readonly #environment: ClientEnvironment;
  readonly #name: string;
  #process: ClientProcess;
  #command: CommandState = { lostCommit: false };

  constructor(number: number, random: SimulatorRandom, environment: ClientEnvironment) {
    this.random = random.fork();
    this.#faults = random.fork();
    this.#environment = environment;
    this.#name = `client ${number}`;
    this.#process = this.#start();
  }

  /** Kills the process while it is idle (a crash between steps) and starts a new one. */
  restartIdle(): void {
    this.#environment.stats.idleRestarts += 1;
    this.#process = this.#start();
  }

  /** Sends a command until it is answered; returns a line for the run's trace. */
  async execute(command: ClientCommand): Promise<string> {
    this.#command = { lostCommit: false };
    this.#environment.stats.commands += 1;
    switch (command.kind) {
      case 'accounts':
        return this.#accounts(command.inputs);
      case 'batch':
      case 'single':
        return this.#transfers(command);
      case 'sweep':
        return this.#sweep(command.limit);
    }
  }

  #start(): ClientProcess {
    const { database, clock, rates, stats, nextProcessNumber, tornCommit } = this.#environment;
    const onFault = (fault: InjectedFault) => {
      count(stats.faults, fault.kind);
      if (fault.committedUnacknowledged) {
        stats.committedWithoutReply += 1;
        this.#command.lostCommit = true;
      }
    };
    const storage = createFaultyStorage(database, {
      random: this.#faults,
      rates,
      onFault,
      ...(tornCommit === undefined ? {} : { tornCommit }),
    });
    const ids = processIdGenerator(nextProcessNumber());
    const audit = createAuditLog({ storage, clock, ids, signing: AUDIT_SIGNING });
    const ledger = createLedger({ storage, audit, clock, ids });
    return { storage, ledger, lastTimestamp: 0n };
  }

  // Restarts a crashed process before the next attempt, as a supervisor would.
  #alive(): Ledger {
    if (this.#process.storage.crashed) {
      this.#environment.stats.crashRestarts += 1;
      this.#process = this.#start();
    }
    return this.#process.ledger;
  }

  // Whether sending the same command again may succeed; anything else is a bug.
  #retryable(error: CommandError, what: string): void {
    const { stats } = this.#environment;
    if (error.type === 'storage.conflict') stats.conflictAnswers += 1;
    const retryable =
      error.type === 'storage.conflict' ||
      (error.type === 'infrastructure' && 'retryable' in error && error.retryable === true);
    expectInvariant(
      retryable,
      () => `${this.#name}: ${what} failed with ${JSON.stringify(error, bigints)}`,
    );
    stats.retries += 1;
  }

  async #accounts(inputs: readonly AccountInput[]): Promise<string> {
    const { stats, tenantId } = this.#environment;
    for (let attempt = 1; attempt <= CLIENT_ATTEMPTS_MAX; attempt += 1) {
      const outcome = await this.#alive().createAccounts(tenantId, inputs);
      if (outcome.isOk()) {
        const results = outcome.value;
        expectInvariant(results.length === inputs.length, () => 'one result per account input');
        this.#learnAccounts(results);
        return `${this.#name} accounts ${results.map((result) => result.status).join(',')}`;
      }
      const error = outcome.error;
      if (error.type === 'ledger.batch_incomplete') {
        stats.incompleteBatches += 1;
        this.#learnAccounts(error.results, false);
        this.#retryable(error.cause, 'an account batch');
        continue;
      }
      this.#retryable(error, 'an account batch');
    }
    return this.#stalled('an account batch');
  }

  #learnAccounts(results: readonly AccountResult[], final = true): void {
    const { model, stats } = this.#environment;
    for (const result of results) {
      if (final) count(stats.statuses, `account:${result.status}`);
      if (model.applyAccountResult(result).recovered) stats.recoveredByExists += 1;
    }
  }

  async #transfers(command: ClientCommand & { kind: 'batch' | 'single' }): Promise<string> {
    const { stats, tenantId } = this.#environment;
    const labelled = command.kind === 'single' ? [command.event] : command.events;
    for (const { label } of labelled) count(stats.labels, label);
    const events = labelled.map(({ event }) => event);
    for (let attempt = 1; attempt <= CLIENT_ATTEMPTS_MAX; attempt += 1) {
      const ledger = this.#alive();
      if (command.kind === 'single') {
        const [event] = events;
        if (event === undefined) break;
        const outcome = await ledger.createTransfer(tenantId, event);
        if (outcome.isOk()) {
          const result = outcome.value;
          // The only transaction of a single committed: its event can only exist or fail now.
          expectInvariant(
            !(this.#command.lostCommit && result.status === 'created'),
            () => `${this.#name}: ${result.id} was created again by a retry after its commit`,
          );
          return this.#learnTransfers([result], events.length, false);
        }
        this.#retryable(outcome.error, 'a single transfer');
        continue;
      }
      const outcome = await ledger.createTransfers(tenantId, events);
      if (outcome.isOk()) return this.#learnTransfers(outcome.value, events.length, command.chain);
      const error = outcome.error;
      if (error.type === 'ledger.batch_incomplete') {
        stats.incompleteBatches += 1;
        // The committed prefix is final: the model learns it now, and the retry must say `exists`.
        for (const result of error.results) this.#learnTransfer(result);
        this.#retryable(error.cause, 'a transfer batch');
        continue;
      }
      this.#retryable(error, 'a transfer batch');
    }
    return this.#stalled('a transfer command');
  }

  #learnTransfers(results: readonly TransferResult[], expected: number, chain: boolean): string {
    const { stats } = this.#environment;
    expectInvariant(results.length === expected, () => `${this.#name}: one result per event`);
    if (chain) {
      // All or nothing: a failed chain names one failure and answers the rest linked_event_failed.
      const failed = results.filter((r) => r.status !== 'created' && r.status !== 'exists');
      if (failed.length > 0) {
        const own = failed.filter((result) => result.status !== 'linked_event_failed');
        expectInvariant(
          failed.length === results.length && own.length === 1,
          () => `${this.#name}: a failed chain answered ${results.map((r) => r.status).join(',')}`,
        );
      }
    }
    for (const result of results) {
      count(stats.statuses, result.status);
      if (this.#command.lostCommit && result.status === 'exists') stats.existsAfterLostReply += 1;
      if (this.#command.lostCommit && result.status === 'id_already_failed') {
        stats.alreadyFailedAfterLostReply += 1;
      }
      if (result.status === 'created') {
        expectInvariant(
          result.timestamp > this.#process.lastTimestamp,
          () => `${this.#name}: stamp ${result.timestamp} of ${result.id} did not increase`,
        );
        this.#process.lastTimestamp = result.timestamp;
      }
      this.#learnTransfer(result);
    }
    if (chain && this.#command.lostCommit) this.#environment.model.learnMaskedBurns(results);
    return `${this.#name} transfers ${results.map((r) => `${r.status}@${r.timestamp}`).join(',')}`;
  }

  #learnTransfer(result: TransferResult): void {
    const { model, stats } = this.#environment;
    if (model.applyTransferResult(result).recovered) stats.recoveredByExists += 1;
  }

  async #sweep(limit: number): Promise<string> {
    const { model, stats, tenantId, clock } = this.#environment;
    const expired: ExpiryResult[] = [];
    let calls = 0;
    for (let attempt = 1; attempt <= CLIENT_ATTEMPTS_MAX && calls < SWEEP_CALLS_MAX; ) {
      const outcome = await this.#alive().sweepExpired(tenantId, { limit });
      if (outcome.isErr()) {
        this.#retryable(outcome.error, 'a sweep');
        attempt += 1;
        continue;
      }
      calls += 1;
      expired.push(...outcome.value.expired);
      if (outcome.value.more) continue;
      stats.expiredBySweeps += expired.length;
      model.completeSweep(clock.now(), expired);
      return `${this.#name} sweep ${expired.map((result) => result.id).join(',')}`;
    }
    return this.#stalled('a sweep');
  }

  #stalled(what: string): never {
    throw new InvariantViolation(
      `${this.#name}: ${what} got no answer in ${CLIENT_ATTEMPTS_MAX} attempts`,
    );
  }
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
