import { assert } from '@strongroom/kernel';
import type { CommandSource } from './command-source.js';
import type { DisputeEvent, DisputeOpenedEvent, DisputeTransitionEvent } from './dispute-event.js';
import { DISPUTE_APPLIED_NOTIFICATIONS_MAX } from './dispute-limits.js';
import type { Dispute, DisputeState } from './dispute-state.js';
import { isTerminalStatus, stageOfStatus } from './dispute-status.js';
import { mergeStagedEvidence } from './staged-evidence.js';

/**
 * The state after one more event. Events `decideDispute` produces always fit the state they
 * were decided on; one that does not (withdrawing twice, moving out of a terminal state) means
 * a corrupted stream, a programmer error, and fails an assertion.
 */
export function evolveDispute(state: DisputeState, event: DisputeEvent): DisputeState {
  if (isOpenedEvent(event)) {
    assert(state === null, 'a dispute is opened once');
    return openedDispute(event);
  }
  assert(state !== null, 'a dispute stream starts with an opening event');
  const dispute = {
    ...state,
    updatedAt: event.payload.occurredAt,
    appliedNotificationIds: rememberNotification(
      state.appliedNotificationIds,
      event.payload.source,
    ),
  };
  switch (event.type) {
    case 'dispute.evidence_staged':
      return {
        ...dispute,
        stagedEvidence: mergeStagedEvidence(dispute.stagedEvidence, event.payload.items),
      };
    case 'dispute.deadline_set':
      return { ...dispute, deadline: event.payload.deadline };
    case 'dispute.funds_withdrawn':
      assert(!dispute.fundsWithdrawn, 'funds are never withdrawn twice in a row');
      return { ...dispute, fundsWithdrawn: true };
    case 'dispute.funds_reinstated':
      assert(dispute.fundsWithdrawn, 'only withdrawn funds are reinstated');
      return { ...dispute, fundsWithdrawn: false };
    case 'dispute.written_off':
      assert(dispute.status === 'lost', 'only a lost dispute is written off');
      assert(dispute.fundsWithdrawn, 'a write-off follows the withdrawal');
      return dispute;
    default:
      return applyTransition(dispute, event);
  }
}

function applyTransition(dispute: Dispute, event: DisputeTransitionEvent): Dispute {
  const { from, to, lostReason, deadline } = event.payload;
  assert(from === dispute.status, 'a transition starts where the dispute is');
  assert(!isTerminalStatus(from), 'nothing leaves a terminal state');
  assert((to === 'lost') === (lostReason !== null), 'a lost reason comes with a loss only');
  const stage = stageOfStatus(to) ?? dispute.stage;
  const moved: Dispute = {
    ...dispute,
    status: to,
    lostReason,
    deadline,
    stage,
    // Evidence is submitted once per stage; a new stage asks for a new response.
    evidenceSubmittedInStage: stage === dispute.stage && dispute.evidenceSubmittedInStage,
  };
  switch (event.type) {
    case 'dispute.evidence_submitted':
    case 'dispute.pre_arbitration_filed':
      return {
        ...moved,
        stagedEvidence: [],
        submissionCount: dispute.submissionCount + 1,
        evidenceSubmittedInStage: true,
      };
    case 'dispute.inquiry_escalated':
      return { ...moved, reasonCode: event.payload.reasonCode };
    default:
      return moved;
  }
}

function openedDispute(event: DisputeOpenedEvent): Dispute {
  const payload = event.payload;
  const status =
    event.type === 'dispute.inquiry_opened'
      ? 'inquiry_needs_response'
      : event.type === 'dispute.chargeback_opened'
        ? 'chargeback_needs_response'
        : 'prevented';
  const stage = stageOfStatus(status);
  assert(stage !== undefined, 'an opening state has a stage');
  return {
    disputeId: payload.disputeId,
    transferId: payload.transferId,
    merchantAccountId: payload.merchantAccountId,
    network: payload.network,
    reasonCode: payload.reasonCode,
    amount: payload.amount,
    transactionDate: payload.transactionDate,
    providerReference: payload.providerReference,
    status,
    lostReason: null,
    stage,
    deadline: payload.deadline,
    stagedEvidence: [],
    submissionCount: 0,
    evidenceSubmittedInStage: false,
    fundsWithdrawn: false,
    appliedNotificationIds: rememberNotification([], payload.source),
    openedAt: payload.occurredAt,
    updatedAt: payload.occurredAt,
  };
}

// One command's events all carry its notification id; it is kept once, newest last.
function rememberNotification(
  applied: readonly string[],
  source: CommandSource,
): readonly string[] {
  if (source.kind !== 'provider' || applied.includes(source.notificationId)) return applied;
  return [...applied, source.notificationId].slice(-DISPUTE_APPLIED_NOTIFICATIONS_MAX);
}

function isOpenedEvent(event: DisputeEvent): event is DisputeOpenedEvent {
  return (
    event.type === 'dispute.inquiry_opened' ||
    event.type === 'dispute.chargeback_opened' ||
    event.type === 'dispute.prevention_recorded'
  );
}
