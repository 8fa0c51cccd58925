import { assert, createAutoBatcher, type Result, type TenantId } from '@strongroom/kernel';
import type { TransferResult } from '../engine/transfer-result.js';
import type { TransferCommand } from './commit-transfers.js';
import type { LedgerCommandError } from './ledger-error.js';

/** Most a caller may ask a coalesced commit's first call to wait for company. */
export const AUTO_BATCH_MAX_WAIT_MS_MAX = 1000;

/** Tuning of the auto-batcher; every field is optional. */
export interface TransferAutoBatchOptions {
  /**
   * Most single calls one coalesced commit carries. Default: as many as one transaction of the
   * storage holds, so a coalesced batch is one commit; a larger value is split into several.
   */
  readonly maxBatchSize?: number;
  /**
   * How long the first call of a batch waits for others before it starts, 0..1000 ms. Default 0:
   * no timer at all; a batch starts at the end of the tick, carrying every call made meanwhile,
   * and calls made while a commit runs form the next batch. A lone caller then pays no latency.
   */
  readonly maxWaitMs?: number;
  /**
   * Coalesced commits of one tenant running at once. Default 1: commits of a tenant never race
   * each other (no conflicts on a hot account), and each carries everything that queued behind
   * the previous one. Raise it for workloads spread over many accounts.
   */
  readonly maxInFlight?: number;
}

/** Coalesces concurrent single-transfer calls of a tenant into shared commits. */
export interface TransferAutoBatcher {
  /** Queues one single-event command; resolves with that command's own outcome. */
  submit(
    tenantId: TenantId,
    command: TransferCommand,
  ): Promise<Result<TransferResult, LedgerCommandError>>;
}

interface Lingering {
  readonly commands: {
    readonly command: TransferCommand;
    resolve(outcome: Result<TransferResult, LedgerCommandError>): void;
    reject(reason: unknown): void;
  }[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Builds the auto-batcher over the kernel's group-commit batcher (keyed by tenant), adding an
 * optional short wait before a batch starts. `run` commits one batch and returns one outcome per
 * command: a failing transfer is just its own result and never fails its neighbours, and an
 * infrastructure error of a commit reaches every caller of that commit as its error.
 */
export function createTransferAutoBatcher(
  options: TransferAutoBatchOptions & { readonly maxBatchSize: number },
  run: (
    tenantId: TenantId,
    commands: readonly TransferCommand[],
  ) => Promise<Result<TransferResult, LedgerCommandError>[]>,
): TransferAutoBatcher {
  const maxWaitMs = options.maxWaitMs ?? 0;
  const maxInFlight = options.maxInFlight ?? 1;
  assert(
    Number.isSafeInteger(maxWaitMs) && maxWaitMs >= 0 && maxWaitMs <= AUTO_BATCH_MAX_WAIT_MS_MAX,
    `maxWaitMs is an integer from 0 to ${AUTO_BATCH_MAX_WAIT_MS_MAX}`,
  );
  const batcher = createAutoBatcher(
    { maxBatchSize: options.maxBatchSize, maxInFlight },
    (tenantId, commands: readonly TransferCommand[]) => run(tenantId as TenantId, commands),
  );
  if (maxWaitMs === 0) return { submit: (tenantId, command) => batcher.submit(tenantId, command) };

  const lingering = new Map<TenantId, Lingering>();
  // Hands every waiting call to the batcher in one tick, so they join the same batch.
  const release = (tenantId: TenantId) => {
    const waiting = lingering.get(tenantId);
    if (waiting === undefined) return;
    lingering.delete(tenantId);
    if (waiting.timer !== undefined) clearTimeout(waiting.timer);
    for (const { command, resolve, reject } of waiting.commands) {
      batcher.submit(tenantId, command).then(resolve, reject);
    }
  };
  return {
    submit(tenantId, command) {
      let waiting = lingering.get(tenantId);
      if (waiting === undefined) {
        waiting = { commands: [], timer: undefined };
        lingering.set(tenantId, waiting);
        waiting.timer = setTimeout(() => release(tenantId), maxWaitMs);
      }
      const current = waiting;
      const outcome = new Promise<Result<TransferResult, LedgerCommandError>>((resolve, reject) => {
        current.commands.push({ command, resolve, reject });
      });
      if (current.commands.length >= options.maxBatchSize) release(tenantId);
      return outcome;
    },
  };
}
