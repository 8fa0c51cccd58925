import { type AggregateSnapshot, aggregateStreams } from '@strongroom/events';
import {
  assert,
  createAutoBatcher,
  err,
  ok,
  type Result,
  type Storage,
  type StorageTransaction,
  type TenantId,
} from '@strongroom/kernel';
import { LEDGER_COMMAND_TRANSACTION } from '@strongroom/ledger';
import type { DisputeCommand } from '../lifecycle/dispute-command.js';
import { disputeDecider } from '../lifecycle/dispute-decider.js';
import type { DisputeState } from '../lifecycle/dispute-state.js';
import { disputeStreamId } from './dispute-collections.js';
import { lockDisputeIndexes } from './dispute-indexes.js';
import type { DisputeRequestContext } from './dispute-request-context.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';
import {
  type DisputeCommandOutcome,
  lockDisputeStreams,
  type PreparedDisputeCommand,
  postDisputePostings,
  prepareDisputeCommand,
  recordDisputeCommand,
  runDisputeCommand,
} from './run-dispute-command.js';

/** Most commands one coalesced commit carries. */
export const DISPUTE_BATCH_SIZE_MAX = 256;

/** Tuning of group commit; every field is optional. */
export interface DisputeAutoBatchOptions {
  /**
   * Most commands one coalesced commit carries, 1..{@link DISPUTE_BATCH_SIZE_MAX}. Default: what
   * one transaction of the storage holds at about 32 writes per command (31 on Postgres, 3 on
   * DynamoDB); a batch over the storage's limits falls back to one commit per command.
   */
  readonly maxBatchSize?: number;
  /** Coalesced commits of one tenant running at once; default 1 (they would race on the house accounts). */
  readonly maxInFlight?: number;
}

/** The answer of one command of a batch. */
type Outcome = Result<DisputeCommandOutcome, DisputesError>;

interface Item {
  readonly command: DisputeCommand;
  readonly context: DisputeRequestContext;
}

// A command failed after it began writing: its writes cannot stay, so the batch is rolled back.
const ABANDONED = { type: 'dispute.batch_abandoned' } as const;

function runAlone(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  item: Item,
): Promise<Outcome> {
  return Promise.resolve(
    dependencies.storage.transaction(
      tenantId,
      (tx) => runDisputeCommand(dependencies, tx, item.command, item.context),
      LEDGER_COMMAND_TRANSACTION,
    ),
  );
}

// Locks every dispute stream of the batch in one statement, folds them with a few reads for all
// of them, and locks the index rows the commands will rewrite (summaries, schedule entries). The
// storage takes row locks in id order whatever order they are asked in. A fold that fails (a
// stream too long) leaves every command to fold its own stream, and get its own answer.
async function lockAndFoldDisputes(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  items: readonly Item[],
): Promise<Map<string, AggregateSnapshot<DisputeState>>> {
  const disputeIds = [...new Set(items.map((item) => item.command.disputeId))];
  await lockDisputeStreams(tx, disputeIds);
  const streamIds = disputeIds.map(disputeStreamId);
  const folded = await aggregateStreams(tx, dependencies.store, disputeDecider, streamIds);
  const byDispute = new Map<string, AggregateSnapshot<DisputeState>>();
  if (folded.isErr()) return byDispute;
  for (const [index, disputeId] of disputeIds.entries()) {
    const snapshot = folded.value[index];
    assert(snapshot !== undefined, 'aggregateStreams answers every stream');
    byDispute.set(disputeId, snapshot);
  }
  const states = folded.value.flatMap((snapshot) =>
    snapshot.state === null ? [] : [snapshot.state],
  );
  await lockDisputeIndexes(tx, states, dependencies.alertLeadTimesMs);
  return byDispute;
}

async function runBatch(
  dependencies: DisputesDependencies,
  tenantId: TenantId,
  items: readonly Item[],
) {
  if (items.length === 1 && items[0] !== undefined)
    return [await runAlone(dependencies, tenantId, items[0])];
  const batch = await dependencies.storage.transaction(
    tenantId,
    async (tx) => {
      const folded = await lockAndFoldDisputes(dependencies, tx, items);
      const outcomes: Outcome[] = [];
      const recorded: PreparedDisputeCommand[] = [];
      for (const item of items) {
        // The fold is the dispute's state before the batch: only its first command may use it;
        // the next ones fold again and see what their neighbours appended.
        const before = folded.get(item.command.disputeId);
        folded.delete(item.command.disputeId);
        // A refusal decided before any write is that command's answer; its neighbours go on.
        const prepared = await prepareDisputeCommand(
          dependencies,
          tx,
          item.command,
          item.context,
          before,
        );
        if (prepared.isErr()) {
          outcomes.push(err(prepared.error));
          continue;
        }
        const applied = await recordDisputeCommand(dependencies, tx, prepared.value);
        if (applied.isErr()) return err(ABANDONED);
        recorded.push(prepared.value);
        outcomes.push(ok(applied.value));
      }
      // Every posting of the batch in one ledger execution, last (see postDisputePostings).
      const posted = await postDisputePostings(dependencies, tx, recorded);
      if (posted.isErr()) return err(ABANDONED);
      return ok(outcomes);
    },
    LEDGER_COMMAND_TRANSACTION,
  );
  if (batch.isOk()) return batch.value;
  // A command failed midway, or the batch did not fit or commit: each command runs alone and
  // gets its own answer, as if batching were off.
  const outcomes: Outcome[] = [];
  for (const item of items) outcomes.push(await runAlone(dependencies, tenantId, item));
  return outcomes;
}

/** Coalesces concurrent dispute commands of a tenant into shared commits (see `DisputesOptions.autoBatch`). */
export interface DisputeAutoBatcher {
  /** Queues one command; resolves with that command's own answer. */
  submit(
    tenantId: TenantId,
    command: DisputeCommand,
    context: DisputeRequestContext,
  ): Promise<Outcome>;
}

/** The default batch size on a storage: about 32 writes per dispute command. */
function defaultBatchSize(storage: Storage): number {
  return Math.min(
    DISPUTE_BATCH_SIZE_MAX,
    Math.max(1, Math.floor(storage.limits.writesPerTransaction / 32)),
  );
}

/**
 * Group commit for dispute commands, as the ledger's `autoBatch` does for transfers: commands that
 * arrive while a tenant's commit runs share the next one, so they take the house accounts' row
 * locks once and commit once, instead of queueing on those locks one commit at a time. Each
 * command is prepared and recorded in turn inside the shared transaction, seeing its neighbours'
 * writes, and their postings go to the ledger together at the end; one that is refused before
 * writing just gets its refusal; one that fails after writing (a posting the ledger refuses)
 * sends the whole batch back to one commit per command.
 */
export function createDisputeAutoBatcher(
  dependencies: DisputesDependencies,
  options: DisputeAutoBatchOptions,
): DisputeAutoBatcher {
  const maxBatchSize = options.maxBatchSize ?? defaultBatchSize(dependencies.storage);
  assert(
    Number.isInteger(maxBatchSize) && maxBatchSize >= 1 && maxBatchSize <= DISPUTE_BATCH_SIZE_MAX,
    `a dispute batch carries 1 to ${DISPUTE_BATCH_SIZE_MAX} commands`,
  );
  const batcher = createAutoBatcher<Item, Outcome>(
    { maxBatchSize, maxInFlight: options.maxInFlight ?? 1 },
    (key, items) => runBatch(dependencies, key as TenantId, items),
  );
  return {
    submit: (tenantId, command, context) => batcher.submit(tenantId, { command, context }),
  };
}
