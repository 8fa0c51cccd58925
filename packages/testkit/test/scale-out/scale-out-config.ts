import type { WorkerJob } from '@strongroom/sdk';
import type { CommittedEvent } from './recording-storage.js';

/** Where the shared store is: a DynamoDB Local table or a Postgres database. */
export type StoreLocation =
  | { readonly kind: 'dynamodb'; readonly endpoint: string; readonly tableName: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** A single-phase transfer between two accounts of one currency. */
export interface PlannedTransfer {
  readonly kind: 'transfer';
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  /** Decimal minor units (JSON has no bigint). */
  readonly amountMinor: string;
  readonly currency: string;
}

/** A hold with a timeout, then perhaps a post or void of it after `afterMs`. */
export interface PlannedPending extends Omit<PlannedTransfer, 'kind'> {
  readonly kind: 'pending';
  readonly timeoutMs: number;
  readonly resolution:
    | { readonly kind: 'post' | 'void'; readonly id: string; readonly afterMs: number }
    | { readonly kind: 'none' };
}

/** Tokenizes a card from the shared pool, which other processes tokenize too. */
export interface PlannedTokenization {
  readonly kind: 'tokenize';
  readonly panIndex: number;
}

/**
 * A payment into the process's merchant account and a chargeback on it, due `deadlineOffsetMs`
 * after it opens; perhaps accepted by the merchant `acceptAfterMs` after opening.
 */
export interface PlannedDispute {
  readonly kind: 'dispute';
  readonly paymentId: string;
  readonly disputeId: string;
  readonly amountMinor: string;
  readonly deadlineOffsetMs: number;
  readonly acceptAfterMs: number | null;
}

/** One step of a process's workload. */
export type PlannedOperation =
  | PlannedTransfer
  | PlannedPending
  | PlannedTokenization
  | PlannedDispute;

/** The accounts the parent opened and every process shares. */
export interface SharedAccounts {
  /** Per currency: the funding bank and the wallets with limits the workload moves money between. */
  readonly wallets: Readonly<Record<string, readonly string[]>>;
  readonly banks: Readonly<Record<string, string>>;
  readonly settlement: string;
  readonly reserve: string;
  readonly fees: string;
  readonly losses: string;
  /** One merchant account per process, paid by its disputed payments. */
  readonly merchants: readonly string[];
}

/** Everything a child process needs to build its own SDK on the shared store and run its share. */
export interface ScaleOutConfig {
  readonly processIndex: number;
  readonly store: StoreLocation;
  readonly tenantId: string;
  readonly redisUrl: string;
  /** The Redis stream every process's outbox relay publishes to. */
  readonly streamKey: string;
  /** The software KMS keyring (`formatSoftwareKeyring`), the same in every process. */
  readonly keyringText: string;
  /** The vault's secrets as `STRONGROOM_SECRET_*` variables. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly auditSeedHex: string;
  readonly accounts: SharedAccounts;
  readonly pans: readonly string[];
  readonly intervalsMs: Partial<Record<WorkerJob, number>>;
  /** Operations run at once by one process. */
  readonly lanes: number;
  readonly plan: readonly PlannedOperation[];
  /** Where the child writes its {@link ScaleOutReport}. */
  readonly reportPath: string;
}

/** The last answer a command got, after retries: a transfer status or an error type. */
export interface CommandOutcome {
  readonly id: string;
  readonly status: string;
  readonly attempts: number;
}

/** What a child did and committed, written once its worker has stopped. */
export interface ScaleOutReport {
  readonly processIndex: number;
  /** Every transfer id sent (plain, pending, post, void, payment) with its final outcome. */
  readonly transfers: readonly CommandOutcome[];
  /** Per planned tokenization: the pool index and the token, or the error type. */
  readonly tokens: readonly { readonly panIndex: number; readonly token: string | null }[];
  /** Per planned dispute: how its opening and acceptance ended, and the deadline it was given. */
  readonly disputes: readonly {
    readonly disputeId: string;
    readonly open: string;
    readonly accept: string | null;
    readonly dueAt: string;
    /** The error types its commands were resent after. */
    readonly retried: readonly string[];
  }[];
  readonly leafIds: readonly string[];
  readonly events: readonly CommittedEvent[];
  readonly auditBatches: number;
  /** Operating errors the worker reported (storage conflicts are not reported). */
  readonly workerErrors: readonly { readonly job: string; readonly type: string }[];
  /** Jobs whose loop threw. */
  readonly workerFailures: readonly string[];
}

/** The line a child prints on stdout once its workload is done (its worker still runs). */
export const WORKLOAD_DONE_LINE = 'scale-out: workload done';

/** The line the parent writes to a child's stdin to have it stop its worker and report. */
export const STOP_LINE = 'stop';
