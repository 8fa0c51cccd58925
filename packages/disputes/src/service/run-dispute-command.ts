import { aggregateStream, handleCommand, type RecordedEvent } from '@strongroom/events';
import { err, ok, type Result, type StorageTransaction } from '@strongroom/kernel';
import { parseEvidenceItems } from '../evidence/parse-evidence-item.js';
import {
  type DisputeCommand,
  isOpenDisputeCommand,
  type OpenDisputeCommand,
} from '../lifecycle/dispute-command.js';
import { disputeDecider } from '../lifecycle/dispute-decider.js';
import type { Dispute } from '../lifecycle/dispute-state.js';
import { disputeStreamId } from './dispute-collections.js';
import { updateDisputeIndexes } from './dispute-indexes.js';
import { planDisputePostings } from './dispute-postings.js';
import { DISPUTES_SYSTEM_ACTOR, type DisputeRequestContext } from './dispute-request-context.js';
import type { DisputesDependencies } from './disputes-dependencies.js';
import type { DisputesError } from './disputes-error.js';
import { withNetworkDeadline } from './network-deadline.js';

/** What a dispute command did: the dispute after it, and the events it recorded (none for a duplicate). */
export interface DisputeCommandOutcome {
  readonly dispute: Dispute | null;
  readonly events: readonly RecordedEvent[];
}

/** Checks the ledger links of a new dispute: the transfer exists, the merchant's account can pay it. */
async function checkLedgerLinks(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  command: OpenDisputeCommand,
): Promise<Result<void, DisputesError>> {
  const scope = dependencies.ledger.within(tx);
  const movements = await scope.lookupMovements([command.transferId]);
  if (movements.isErr()) return err(movements.error);
  const [movement] = movements.value;
  if (movement === null || movement === undefined)
    return err({ type: 'dispute.transfer_not_found', transferId: command.transferId });
  const accounts = await scope.lookupAccounts([command.merchantAccountId]);
  if (accounts.isErr()) return err(accounts.error);
  const [account] = accounts.value;
  if (account === null || account === undefined)
    return err({
      type: 'dispute.merchant_account_invalid',
      merchantAccountId: command.merchantAccountId,
      reason: 'not_found',
    });
  const credited =
    movement.kind === 'transfer'
      ? movement.transfer.creditAccountId === command.merchantAccountId
      : movement.journal.postings.some(
          (posting) => posting.accountId === command.merchantAccountId && posting.side === 'credit',
        );
  // The merchant is the one who was paid: a dispute against anyone else's balance is a mistake.
  if (!credited)
    return err({
      type: 'dispute.merchant_account_invalid',
      merchantAccountId: command.merchantAccountId,
      reason: 'not_paid_by_transfer',
    });
  if (account.currency !== command.amount.currency)
    return err({
      type: 'dispute.merchant_account_invalid',
      merchantAccountId: command.merchantAccountId,
      reason: 'currency_mismatch',
    });
  if (
    movement.kind === 'transfer' &&
    movement.transfer.currency === command.amount.currency &&
    BigInt(command.amount.amountMinor) > movement.transfer.amountMinor
  )
    return err({ type: 'dispute.amount_exceeds_transfer', transferId: command.transferId });
  if (dependencies.houseAccounts(command.amount.currency) === undefined)
    return err({ type: 'dispute.house_accounts_missing', currency: command.amount.currency });
  return ok(undefined);
}

function actorOf(command: DisputeCommand, context: DisputeRequestContext) {
  if (context.actor !== undefined) return context.actor;
  if (command.source.kind === 'provider')
    return { type: 'service' as const, id: `provider:${command.source.provider}` };
  return DISPUTES_SYSTEM_ACTOR;
}

/**
 * Runs one dispute command inside the caller's transaction: fold the dispute, decide, append its
 * events, move its indexes, write its audit leaf and post its funds events to the ledger in the
 * same transaction. Any refusal (the state machine's, the ledger's) returns an error and the
 * caller's transaction rolls everything back, so the dispute and the ledger never disagree. A
 * command that changes nothing (a duplicate provider notice) writes nothing.
 */
export async function runDisputeCommand(
  dependencies: DisputesDependencies,
  tx: StorageTransaction,
  command: DisputeCommand,
  context: DisputeRequestContext,
): Promise<Result<DisputeCommandOutcome, DisputesError>> {
  // Evidence comes from outside (a dashboard upload, an API call): checked here, where every
  // caller passes, so the state machine only ever sees valid items.
  if (command.type === 'stage_evidence') {
    const items = parseEvidenceItems(command.items);
    if (items.isErr()) return err(items.error);
  }
  const streamId = disputeStreamId(command.disputeId);
  const before = await aggregateStream(tx, dependencies.store, disputeDecider, streamId);
  if (before.isErr()) return err(before.error);
  if (isOpenDisputeCommand(command) && before.value.state === null) {
    const links = await checkLedgerLinks(dependencies, tx, command);
    if (links.isErr()) return err(links.error);
  }
  const actor = actorOf(command, context);
  const decided = await handleCommand(
    tx,
    dependencies.store,
    disputeDecider,
    streamId,
    withNetworkDeadline(command, before.value.state, dependencies.catalogue),
    {
      correlationId: context.correlationId ?? null,
      causationId: context.requestId ?? null,
      actor: `${actor.type}:${actor.id}`,
    },
    before.value,
  );
  if (decided.isErr()) return err(decided.error);
  const { state: after, events } = decided.value;
  if (events.length === 0 || after === null) return ok({ dispute: after, events: [] });
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
  await updateDisputeIndexes(tx, before.value.state, after, {
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
      from: before.value.state?.status ?? null,
      to: after.status,
      events: events.map((event) => event.type),
      postings: postings.value.length,
    },
  });
  if (leaf.isErr()) return err(leaf.error);
  // The postings come last: they lock the house accounts every dispute of the currency shares,
  // so the fewer statements follow them before the commit, the shorter the queue behind them.
  if (postings.value.length > 0) {
    const ledgerContext = {
      actor,
      ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
      ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
    };
    const results = await dependencies.ledger.within(tx).createTransfers(
      postings.value.map((posting) => posting.event),
      ledgerContext,
    );
    if (results.isErr()) return err(results.error);
    for (const [index, result] of results.value.entries()) {
      if (result.status !== 'created')
        return err({
          type: 'dispute.posting_failed',
          template: postings.value[index]?.template ?? 'unknown',
          status: result.status,
        });
    }
  }
  return ok({ dispute: after, events });
}
