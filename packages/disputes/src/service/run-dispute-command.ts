import type { AuditActor } from '@strongroom/audit';
import {
  type AggregateSnapshot,
  aggregateStream,
  decideFrom,
  EVENT_COLLECTIONS,
  type EventMetadata,
  type RecordedEvent,
} from '@strongroom/events';
import { assert, err, ok, type Result, type StorageTransaction } from '@strongroom/kernel';
import { parseEvidenceItems } from '../evidence/parse-evidence-item.js';
import { type DisputeCommand, isOpenDisputeCommand } from '../lifecycle/dispute-command.js';
import type { ProviderReference } from '../lifecycle/dispute-data.js';
import { disputeDecider } from '../lifecycle/dispute-decider.js';
import type { DisputeEvent } from '../lifecycle/dispute-event.js';
import type { Dispute, DisputeState } from '../lifecycle/dispute-state.js';
import { checkLedgerLinks } from './check-ledger-links.js';
import { DISPUTE_COLLECTIONS, disputeStreamId } from './dispute-collections.js';
import { updateDisputeIndexes } from './dispute-indexes.js';
import { type PlannedPosting, planDisputePostings } from './dispute-postings.js';
import { DISPUTES_SYSTEM_ACTOR, type DisputeRequestContext } from './dispute-request-context.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputeProviderReferenceTakenError, DisputesError } from './disputes-error.js';
import { withNetworkDeadline } from './network-deadline.js';

/** What a dispute command did: the dispute after it, and the events it recorded (none for a duplicate). */
export interface DisputeCommandOutcome {
  readonly dispute: Dispute | null;
  readonly events: readonly RecordedEvent[];
}

/** A command checked and decided, with everything it will write; nothing written yet. */
export interface PreparedDisputeCommand {
  readonly command: DisputeCommand;
  readonly context: DisputeRequestContext;
  readonly actor: AuditActor;
  readonly before: AggregateSnapshot<DisputeState>;
  readonly events: readonly DisputeEvent[];
  readonly after: DisputeState;
  readonly postings: readonly PlannedPosting[];
}

// Checked before the index write, whose collision would only surface as a storage conflict.
async function checkProviderReferenceFree(
  tx: StorageTransaction,
  reference: ProviderReference | undefined,
): Promise<Result<void, DisputeProviderReferenceTakenError>> {
  if (reference === undefined) return ok(undefined);
  const key = `${reference.provider}:${reference.providerDisputeId}`;
  const holder = await tx.records.get(DISPUTE_COLLECTIONS.byProvider, key);
  if (holder === undefined) return ok(undefined);
  return err({
    type: 'dispute.provider_reference_taken',
    provider: reference.provider,
    disputeId: String(holder.data['disputeId']),
  });
}

/**
 * Reads the streams of `disputeIds` for update, in one statement. Two commands on one dispute (a
 * merchant's accept and the deadline sweep) then run one after the other on every adapter, instead
 * of the second failing its append with a version conflict under Postgres's read committed.
 */
export async function lockDisputeStreams(
  tx: StorageTransaction,
  disputeIds: readonly string[],
): Promise<void> {
  await tx.records.getMany(EVENT_COLLECTIONS.streams, disputeIds.map(disputeStreamId), {
    lock: true,
  });
}

async function lockAndFold(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  command: DisputeCommand,
) {
  await lockDisputeStreams(tx, [command.disputeId]);
  return aggregateStream(
    tx,
    dependencies.store,
    disputeDecider,
    disputeStreamId(command.disputeId),
  );
}

function actorOf(command: DisputeCommand, context: DisputeRequestContext): AuditActor {
  if (context.actor !== undefined) return context.actor;
  if (command.source.kind === 'provider')
    return { type: 'service', id: `provider:${command.source.provider}` };
  return DISPUTES_SYSTEM_ACTOR;
}

/**
 * The reading half of a command: checks its input and ledger links, folds the dispute, decides,
 * and plans the postings — every refusal the state machine, the catalogue or the configuration can
 * give, before anything is written. Reads only. `folded` is the dispute's stream as the caller
 * already locked and folded it in this transaction (a batch does so for all its disputes at
 * once); without it the command locks and folds the stream itself.
 */
export async function prepareDisputeCommand(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  command: DisputeCommand,
  context: DisputeRequestContext,
  folded?: AggregateSnapshot<DisputeState>,
): Promise<Result<PreparedDisputeCommand, DisputesError>> {
  // Evidence comes from outside (a dashboard upload, an API call): checked here, where every
  // caller passes, so the state machine only ever sees valid items.
  if (command.type === 'stage_evidence') {
    const items = parseEvidenceItems(command.items);
    if (items.isErr()) return err(items.error);
  }
  const before = folded === undefined ? await lockAndFold(dependencies, tx, command) : ok(folded);
  if (before.isErr()) return err(before.error);
  if (isOpenDisputeCommand(command) && before.value.state === null) {
    const links = await checkLedgerLinks(dependencies, tx, command);
    if (links.isErr()) return err(links.error);
    const reference = await checkProviderReferenceFree(tx, command.providerReference);
    if (reference.isErr()) return err(reference.error);
  }
  const decided = decideFrom(
    disputeDecider,
    before.value.state,
    withNetworkDeadline(command, before.value.state, dependencies.catalogue),
  );
  if (decided.isErr()) return err(decided.error);
  const { events, state: after } = decided.value;
  const prepared = { command, context, actor: actorOf(command, context), before: before.value };
  if (events.length === 0 || after === null)
    return ok({ ...prepared, events: [], after, postings: [] });
  const accounts = dependencies.houseAccounts(after.amount.currency);
  if (accounts === undefined)
    return err({ type: 'dispute.house_accounts_missing', currency: after.amount.currency });
  const postings = planDisputePostings({
    before: before.value.state,
    after,
    history: before.value.events,
    appended: events,
    fee: dependencies.fees(after.network, after.amount.currency),
    accounts,
    ids: dependencies.ids,
  });
  if (postings.isErr()) return err(postings.error);
  return ok({ ...prepared, events, after, postings: postings.value });
}

/**
 * The dispute's own writes of a prepared command: appends the events, moves the indexes and
 * writes the audit leaf. Its postings are left to {@link postDisputePostings}, which the caller
 * runs after it, alone or for a whole batch at once. An error leaves writes behind: the caller's
 * transaction must roll back.
 */
export async function recordDisputeCommand(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  prepared: PreparedDisputeCommand,
): Promise<Result<DisputeCommandOutcome, DisputesError>> {
  const { command, context, actor, before, events, after, postings } = prepared;
  if (events.length === 0 || after === null) return ok({ dispute: after, events: [] });
  const metadata: EventMetadata = {
    correlationId: context.correlationId ?? null,
    causationId: context.requestId ?? null,
    actor: `${actor.type}:${actor.id}`,
  };
  const appended = await dependencies.store.appendToStream(
    tx,
    disputeStreamId(command.disputeId),
    events,
    {
      expectedVersion: before.version,
      metadata,
    },
  );
  if (appended.isErr()) return err(appended.error);
  await updateDisputeIndexes(tx, before.state, after, {
    alertLeadTimesMs: dependencies.alertLeadTimesMs,
    now: dependencies.clock.now(),
  });
  const leaf = await dependencies.audit.append(tx, {
    actor,
    action: `dispute.${command.type}`,
    resource: { type: 'dispute', id: after.disputeId },
    outcome: 'succeeded',
    requestId: context.requestId ?? null,
    correlationId: context.correlationId ?? null,
    details: {
      from: before.state?.status ?? null,
      to: after.status,
      events: events.map((event) => event.type),
      postings: postings.length,
    },
  });
  if (leaf.isErr()) return err(leaf.error);
  return ok({ dispute: after, events: appended.value.events });
}

/**
 * Posts the funds events of prepared commands to the ledger as one execution: the house accounts
 * every dispute of a currency shares are locked, read and written once for all of them, and each
 * command keeps its own ledger leaf. Run last in the transaction, since those locks queue every
 * other command of the currency: the fewer statements follow them before the commit, the shorter
 * the queue. Any posting the ledger refuses is an error, which leaves writes behind: the caller's
 * transaction must roll back.
 */
export async function postDisputePostings(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  prepared: readonly PreparedDisputeCommand[],
): Promise<Result<void, DisputesError>> {
  const posting = prepared.filter((command) => command.postings.length > 0);
  if (posting.length === 0) return ok(undefined);
  const results = await dependencies.ledger.within(tx).createTransferCommands(
    posting.map(({ actor, context, postings }) => ({
      events: postings.map((planned) => planned.event),
      context: {
        actor,
        ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
        ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
      },
    })),
  );
  if (results.isErr()) return err(results.error);
  assert(results.value.length === posting.length, 'the ledger answers every command');
  for (const [position, { postings }] of posting.entries()) {
    const answered = results.value[position];
    assert(answered?.length === postings.length, 'the ledger answers every posting');
    for (const [index, result] of answered.entries()) {
      if (result.status !== 'created')
        return err({
          type: 'dispute.posting_failed',
          template: postings[index]?.template ?? 'unknown',
          status: result.status,
        });
    }
  }
  return ok(undefined);
}

/**
 * Runs one dispute command inside the caller's transaction: prepare (reads and every refusal),
 * then record its writes and post its funds events. Any error returns and the caller's transaction
 * rolls everything back, so the dispute and the ledger never disagree. A command that changes
 * nothing (a duplicate provider notice) writes nothing.
 */
export async function runDisputeCommand(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  command: DisputeCommand,
  context: DisputeRequestContext,
): Promise<Result<DisputeCommandOutcome, DisputesError>> {
  const prepared = await prepareDisputeCommand(dependencies, tx, command, context);
  if (prepared.isErr()) return err(prepared.error);
  const recorded = await recordDisputeCommand(dependencies, tx, prepared.value);
  if (recorded.isErr()) return err(recorded.error);
  const posted = await postDisputePostings(dependencies, tx, [prepared.value]);
  if (posted.isErr()) return err(posted.error);
  return ok(recorded.value);
}
