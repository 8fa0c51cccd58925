import { STORAGE_FAULT_KINDS, type StorageFaultKind } from './fault-storage.js';

/** What a run did, to prove the faults and the paths under test really happened. */
export interface SimulatorStats {
  /** Faults injected, per kind (only those that took effect). */
  readonly faults: Record<StorageFaultKind, number>;
  /** Transactions that committed although their caller was told they failed. */
  committedWithoutReply: number;
  /** `exists` answers to retries of commands that had such a commit. */
  existsAfterLostReply: number;
  /** `id_already_failed` answers to retries of commands that had such a commit. */
  alreadyFailedAfterLostReply: number;
  /** Events the model first heard of through `exists` (the creation's reply was lost). */
  recoveredByExists: number;
  /** Process restarts: after a crash fault, and idle ones between steps. */
  crashRestarts: number;
  idleRestarts: number;
  /** Commands sent again after a retryable failure. */
  retries: number;
  /** `ledger.batch_incomplete` answers (a batch committed only its first transactions). */
  incompleteBatches: number;
  /** `storage.conflict` answers (a conflict outlived the retry budget). */
  conflictAnswers: number;
  /** Pending transfers and journal entries a sweep reported expired. */
  expiredBySweeps: number;
  /** Commands answered. */
  commands: number;
  /** Final answers per transfer status, and per account status under `account:`. */
  readonly statuses: Record<string, number>;
  /** Events sent per workload label. */
  readonly labels: Record<string, number>;
}

/** Zeroed statistics. */
export function emptyStats(): SimulatorStats {
  const faults = Object.fromEntries(STORAGE_FAULT_KINDS.map((kind) => [kind, 0])) as Record<
    StorageFaultKind,
    number
  >;
  return {
    faults,
    committedWithoutReply: 0,
    existsAfterLostReply: 0,
    alreadyFailedAfterLostReply: 0,
    recoveredByExists: 0,
    crashRestarts: 0,
    idleRestarts: 0,
    retries: 0,
    incompleteBatches: 0,
    conflictAnswers: 0,
    expiredBySweeps: 0,
    commands: 0,
    statuses: {},
    labels: {},
  };
}

/** Adds one to a counter of a record of counters. */
export function count(counters: Record<string, number>, key: string, by = 1): void {
  counters[key] = (counters[key] ?? 0) + by;
}

/** Sums the statistics of several runs. */
export function mergeStats(runs: readonly SimulatorStats[]): SimulatorStats {
  const total = emptyStats();
  for (const run of runs) {
    for (const kind of STORAGE_FAULT_KINDS) total.faults[kind] += run.faults[kind];
    total.committedWithoutReply += run.committedWithoutReply;
    total.existsAfterLostReply += run.existsAfterLostReply;
    total.alreadyFailedAfterLostReply += run.alreadyFailedAfterLostReply;
    total.recoveredByExists += run.recoveredByExists;
    total.crashRestarts += run.crashRestarts;
    total.idleRestarts += run.idleRestarts;
    total.retries += run.retries;
    total.incompleteBatches += run.incompleteBatches;
    total.conflictAnswers += run.conflictAnswers;
    total.expiredBySweeps += run.expiredBySweeps;
    total.commands += run.commands;
    for (const [key, value] of Object.entries(run.statuses)) count(total.statuses, key, value);
    for (const [key, value] of Object.entries(run.labels)) count(total.labels, key, value);
  }
  return total;
}
