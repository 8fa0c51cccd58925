import { assert, err, ok, type Result } from '@strongroom/kernel';
import { EVIDENCE_ITEMS_PER_DISPUTE_MAX } from '../evidence/evidence-limits.js';
import type { FinalStatus, ProviderSource } from './command-source.js';
import {
  type DisputeCommand,
  isOpenDisputeCommand,
  type OpenDisputeCommand,
  type SetDeadlineCommand,
  type StageEvidenceCommand,
} from './dispute-command.js';
import { type DisputeError, transitionNotAllowed } from './dispute-error.js';
import { DISPUTE_EVENT_SCHEMA_VERSION, type DisputeEvent } from './dispute-event.js';
import {
  eventContextOf,
  finalStatusEvent,
  fundsEvent,
  openedEvent,
  transitionEvent,
} from './dispute-event-builders.js';
import type { Dispute, DisputeState } from './dispute-state.js';
import {
  type DisputeStatus,
  isNeedsResponseStatus,
  isTerminalStatus,
  stageOrder,
  statusProgress,
} from './dispute-status.js';
import {
  type DisputeTransitionCommand,
  findDisputeTransition,
  transitionKeyOf,
} from './dispute-transitions.js';
import { evolveDispute } from './evolve-dispute.js';
import { fundsCanMove, fundsEffects, lateDebitEffects } from './funds-effects.js';
import { evidenceItemToJson, mergeStagedEvidence } from './staged-evidence.js';
import { validateDisputeCommand } from './validate-dispute-command.js';

/** What `decide` answers: the events a command produces, or why it is refused. */
export type Decision = Result<readonly DisputeEvent[], DisputeError>;
type MovingCommand = Exclude<DisputeTransitionCommand, OpenDisputeCommand>;

const NOTHING: Decision = ok([]);

/**
 * What a command changes, as events. Merchant and system commands are requests: one the state
 * machine does not allow is refused with a typed error. Provider commands are notifications of
 * what already happened: duplicates and stale ones change nothing, ones that skip ahead are
 * applied, and a provider's final status overrides any open state.
 */
export function decideDispute(command: DisputeCommand, state: DisputeState): Decision {
  const invalid = validateDisputeCommand(command);
  if (invalid !== undefined) return err(invalid);
  if (state === null) return decideFirst(command);
  assert(state.disputeId === command.disputeId, 'a command is decided on its own dispute stream');
  if (command.source.kind === 'provider') return decideNotice(command, state, command.source);
  return decideRequest(command, state);
}

function decideFirst(command: DisputeCommand): Decision {
  if (!isOpenDisputeCommand(command)) {
    return err({ type: 'dispute.not_found', disputeId: command.disputeId });
  }
  const opened = openedEvent(command);
  const dispute = evolveDispute(null, opened);
  assert(dispute !== null, 'an opening event creates the dispute');
  const events = [opened, ...fundsEffects(command, dispute, dispute.status)];
  const final = command.source.kind === 'provider' ? command.source.final : undefined;
  if (final === undefined) return ok(events);
  // A dispute first heard of with its final status (the opening notice was missed).
  const opening = events.slice(1).reduce<DisputeState>(evolveDispute, dispute);
  assert(opening !== null, 'events after an opening keep the dispute');
  return decideFinal(command, opening, final).map((override) => [...events, ...override]);
}

function decideRequest(command: DisputeCommand, dispute: Dispute): Decision {
  if (isOpenDisputeCommand(command)) {
    return err({ type: 'dispute.already_exists', disputeId: command.disputeId });
  }
  switch (command.type) {
    case 'stage_evidence':
      return stageEvidence(command, dispute);
    case 'set_deadline':
      return isTerminalStatus(dispute.status)
        ? err(transitionNotAllowed(dispute.status, command.type))
        : ok(deadlineEvents(command, dispute));
    case 'withdraw_funds':
    case 'reinstate_funds':
      return moveFundsOnRequest(command, dispute);
    default:
      return requestTransition(command, dispute);
  }
}

function requestTransition(command: MovingCommand, dispute: Dispute): Decision {
  const transition = findDisputeTransition(transitionKeyOf(command), dispute.status);
  if (transition === undefined) {
    const resubmission =
      command.type === 'submit_evidence' &&
      dispute.evidenceSubmittedInStage &&
      !isTerminalStatus(dispute.status);
    return err(
      resubmission
        ? { type: 'dispute.evidence_already_submitted', stage: dispute.stage }
        : transitionNotAllowed(dispute.status, command.type),
    );
  }
  if (command.type === 'submit_evidence' || command.type === 'file_pre_arbitration') {
    if (dispute.deadline.kind === 'not_defendable') return err({ type: 'dispute.not_defendable' });
    if (dispute.stagedEvidence.length === 0) return err({ type: 'dispute.no_evidence_staged' });
  }
  return ok(moveEvents(command, dispute, transition.to, transition.lostReason ?? null));
}

function moveFundsOnRequest(
  command: Extract<DisputeCommand, { readonly type: 'withdraw_funds' | 'reinstate_funds' }>,
  dispute: Dispute,
): Decision {
  // Money notices record what a provider or a reconciliation saw; a merchant never moves money.
  if (command.source.kind === 'merchant') {
    return err({ type: 'dispute.source_not_allowed', command: command.type, source: 'merchant' });
  }
  if (!fundsCanMove(dispute)) return err(transitionNotAllowed(dispute.status, command.type));
  if (command.type === 'withdraw_funds') {
    return dispute.fundsWithdrawn
      ? err({ type: 'dispute.funds_already_withdrawn' })
      : ok([fundsEvent('dispute.funds_withdrawn', command, dispute)]);
  }
  return dispute.fundsWithdrawn
    ? ok([fundsEvent('dispute.funds_reinstated', command, dispute)])
    : err({ type: 'dispute.funds_not_withdrawn' });
}

function decideNotice(command: DisputeCommand, dispute: Dispute, source: ProviderSource): Decision {
  if (dispute.appliedNotificationIds.includes(source.notificationId)) return NOTHING;
  if (source.final !== undefined) return decideFinal(command, dispute, source.final);
  // Anything after the end is stale: the dispute's outcome is already recorded.
  if (isTerminalStatus(dispute.status)) return NOTHING;
  if (isOpenDisputeCommand(command)) return openNotice(command, dispute);
  switch (command.type) {
    case 'stage_evidence':
      return stageEvidence(command, dispute);
    case 'set_deadline':
      return ok(deadlineEvents(command, dispute));
    case 'withdraw_funds':
      if (!fundsCanMove(dispute)) return err(transitionNotAllowed(dispute.status, command.type));
      return dispute.fundsWithdrawn
        ? NOTHING
        : ok([fundsEvent('dispute.funds_withdrawn', command, dispute)]);
    case 'reinstate_funds':
      return dispute.fundsWithdrawn
        ? ok([fundsEvent('dispute.funds_reinstated', command, dispute)])
        : NOTHING;
    default:
      return transitionNotice(command, dispute);
  }
}

function decideFinal(command: DisputeCommand, dispute: Dispute, final: FinalStatus): Decision {
  if (isTerminalStatus(dispute.status)) {
    return dispute.status === final
      ? NOTHING
      : err({ type: 'dispute.conflicting_final_status', status: dispute.status, final });
  }
  if (isMovingCommand(command)) {
    const transition = findDisputeTransition(transitionKeyOf(command), dispute.status);
    if (transition?.to === final) {
      return ok(moveEvents(command, dispute, transition.to, transition.lostReason ?? null));
    }
  }
  return ok([finalStatusEvent(command, dispute, final), ...fundsEffects(command, dispute, final)]);
}

// An opening notice for a dispute that exists: a repeat (or a late first notice) once the
// dispute is at or past the state it opens, otherwise a different dispute under the same id.
function openNotice(command: OpenDisputeCommand, dispute: Dispute): Decision {
  const target = OPENING_TARGETS[command.type];
  if (target === 'prevented' || statusProgress(target) > progressOf(dispute.status)) {
    return err({ type: 'dispute.already_exists', disputeId: command.disputeId });
  }
  return ok(lateDebitEffects(command, dispute, target));
}

function transitionNotice(command: MovingCommand, dispute: Dispute): Decision {
  if (isStaleSubmission(command, dispute)) return NOTHING;
  const transition = findDisputeTransition(transitionKeyOf(command), dispute.status);
  if (transition !== undefined) {
    return ok(moveEvents(command, dispute, transition.to, transition.lostReason ?? null));
  }
  const target = noticeTarget(command, dispute);
  if (target === undefined) return NOTHING;
  if (target === 'won' || target === 'lost') {
    // An outcome the state machine does not reach from here needs the provider's final word.
    return err(transitionNotAllowed(dispute.status, command.type));
  }
  if (target === 'inquiry_closed') {
    return stageOrder('inquiry') < stageOrder(dispute.stage)
      ? NOTHING
      : err(transitionNotAllowed(dispute.status, command.type));
  }
  if (progressOf(target) <= progressOf(dispute.status)) {
    return ok(lateDebitEffects(command, dispute, target));
  }
  // The provider is ahead of us (a notification in between is late or lost): follow it.
  return ok(moveEvents(command, dispute, target, null));
}

// Where a provider notification puts the dispute, whatever state it is in now; `undefined` when
// the notification means nothing from here (a submission reported in the arbitration stage).
function noticeTarget(command: MovingCommand, dispute: Dispute): DisputeStatus | undefined {
  switch (command.type) {
    case 'submit_evidence':
      return UNDER_REVIEW_BY_STAGE[dispute.stage];
    case 'escalate_inquiry':
      return 'chargeback_needs_response';
    case 'close_inquiry':
      return 'inquiry_closed';
    case 'file_pre_arbitration':
      return 'prearb_filed_by_merchant';
    case 'open_pre_arbitration':
      return 'prearb_needs_response';
    case 'escalate_to_arbitration':
      return 'arbitration_pending';
    case 'record_issuer_decision':
      if (command.decision === 'accepted_provisionally') return 'chargeback_reversed_provisional';
      return command.decision === 'accepted' ? 'won' : 'lost';
    case 'record_ruling':
      return command.outcome;
    case 'accept':
    case 'expire':
      return 'lost';
    case 'resolve_provisional':
      return 'won';
  }
}

const UNDER_REVIEW_BY_STAGE: Readonly<Record<Dispute['stage'], DisputeStatus | undefined>> = {
  pre_dispute: undefined,
  inquiry: 'inquiry_under_review',
  chargeback: 'chargeback_under_review',
  pre_arbitration: 'prearb_under_review',
  arbitration: undefined,
};

const OPENING_TARGETS = {
  open_inquiry: 'inquiry_needs_response',
  open_chargeback: 'chargeback_needs_response',
  record_prevention: 'prevented',
} as const;

function progressOf(status: DisputeStatus): number {
  assert(!isTerminalStatus(status), 'only an open state has a progress');
  return statusProgress(status);
}

function moveEvents(
  command: MovingCommand,
  dispute: Dispute,
  to: DisputeStatus,
  lostReason: Dispute['lostReason'],
): readonly DisputeEvent[] {
  return [transitionEvent(command, dispute, to, lostReason), ...fundsEffects(command, dispute, to)];
}

function isMovingCommand(command: DisputeCommand): command is MovingCommand {
  return (
    command.type !== 'stage_evidence' &&
    command.type !== 'set_deadline' &&
    command.type !== 'withdraw_funds' &&
    command.type !== 'reinstate_funds' &&
    !isOpenDisputeCommand(command)
  );
}

function stageEvidence(command: StageEvidenceCommand, dispute: Dispute): Decision {
  if (isTerminalStatus(dispute.status)) {
    return err(transitionNotAllowed(dispute.status, command.type));
  }
  if (dispute.evidenceSubmittedInStage) {
    return err({ type: 'dispute.evidence_already_submitted', stage: dispute.stage });
  }
  if (!isNeedsResponseStatus(dispute.status)) {
    return err(transitionNotAllowed(dispute.status, command.type));
  }
  if (dispute.deadline.kind === 'not_defendable') return err({ type: 'dispute.not_defendable' });
  const count = mergeStagedEvidence(dispute.stagedEvidence, command.items).length;
  if (count > EVIDENCE_ITEMS_PER_DISPUTE_MAX) {
    return err({
      type: 'dispute.too_many_evidence_items',
      limit: EVIDENCE_ITEMS_PER_DISPUTE_MAX,
      count,
    });
  }
  return ok([
    {
      type: 'dispute.evidence_staged',
      schemaVersion: DISPUTE_EVENT_SCHEMA_VERSION,
      payload: { ...eventContextOf(command), items: command.items.map(evidenceItemToJson) },
    },
  ]);
}

// A network default never replaces the provider's deadline (reference/disputes.md: PSP cut-offs
// are shorter than network ones), and setting the deadline it already has changes nothing.
function deadlineEvents(command: SetDeadlineCommand, dispute: Dispute): readonly DisputeEvent[] {
  const next = command.deadline;
  const current = dispute.deadline;
  const fromProvider =
    current.kind === 'not_defendable' || (current.kind === 'due' && current.source === 'provider');
  if (next.kind === 'due' && next.source === 'network' && fromProvider) return [];
  if (sameDeadline(current, next)) return [];
  return [
    {
      type: 'dispute.deadline_set',
      schemaVersion: DISPUTE_EVENT_SCHEMA_VERSION,
      payload: { ...eventContextOf(command), deadline: next },
    },
  ];
}

function sameDeadline(left: Dispute['deadline'], right: Dispute['deadline']): boolean {
  if (left.kind === 'due' && right.kind === 'due') {
    return left.dueAt === right.dueAt && left.source === right.source;
  }
  return left.kind === right.kind;
}

// A provider's "under review" for a stage the dispute has already left: the answer it reports was
// given, and a newer stage now waits for its own.
function isStaleSubmission(command: MovingCommand, dispute: Dispute): boolean {
  return (
    command.type === 'submit_evidence' &&
    command.stage !== undefined &&
    stageOrder(command.stage) < stageOrder(dispute.stage)
  );
}
