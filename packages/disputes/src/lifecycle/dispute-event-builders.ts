import type { FinalStatus } from './command-source.js';
import type { DisputeCommand, OpenDisputeCommand } from './dispute-command.js';
import { NO_DEADLINE } from './dispute-data.js';
import {
  DISPUTE_EVENT_SCHEMA_VERSION,
  type DisputeEvent,
  type DisputeEventContext,
  type DisputeFundsEvent,
  type DisputeOpenedEvent,
  type DisputeTransitionEvent,
  type DisputeTransitionPayload,
} from './dispute-event.js';
import type { Dispute } from './dispute-state.js';
import type { DisputeStatus, LostReason } from './dispute-status.js';
import type { DisputeTransitionCommand } from './dispute-transitions.js';
import { evidenceItemToJson } from './staged-evidence.js';

const version = DISPUTE_EVENT_SCHEMA_VERSION;

/** When and by whom: the part of every event taken from its command. */
export function eventContextOf(command: DisputeCommand): DisputeEventContext {
  return { occurredAt: command.occurredAt, source: command.source };
}

/** The event that creates a dispute from an opening command. */
export function openedEvent(command: OpenDisputeCommand): DisputeOpenedEvent {
  const type =
    command.type === 'open_inquiry'
      ? 'dispute.inquiry_opened'
      : command.type === 'open_chargeback'
        ? 'dispute.chargeback_opened'
        : 'dispute.prevention_recorded';
  return {
    type,
    schemaVersion: version,
    payload: {
      ...eventContextOf(command),
      disputeId: command.disputeId,
      transferId: command.transferId,
      merchantAccountId: command.merchantAccountId,
      network: command.network,
      reasonCode: command.reasonCode,
      amount: { amountMinor: command.amount.amountMinor, currency: command.amount.currency },
      transactionDate: command.transactionDate,
      providerReference: command.providerReference ?? null,
      // A prevented dispute asks nothing of the merchant.
      deadline:
        command.type === 'record_prevention' ? NO_DEADLINE : (command.deadline ?? NO_DEADLINE),
    },
  };
}

/**
 * The event of a command moving an existing dispute to `to`. A provider may report a submission
 * made outside the SDK; its event then lists no items, since nothing staged here was sent.
 */
export function transitionEvent(
  command: Exclude<DisputeTransitionCommand, OpenDisputeCommand>,
  dispute: Dispute,
  to: DisputeStatus,
  lostReason: LostReason | null,
): DisputeTransitionEvent {
  const base: DisputeTransitionPayload = {
    ...eventContextOf(command),
    from: dispute.status,
    to,
    lostReason,
    deadline: 'deadline' in command ? (command.deadline ?? NO_DEADLINE) : NO_DEADLINE,
  };
  const submittedItems =
    command.source.kind === 'provider' ? [] : dispute.stagedEvidence.map(evidenceItemToJson);
  switch (command.type) {
    case 'submit_evidence':
      return event('dispute.evidence_submitted', { ...base, items: submittedItems });
    case 'file_pre_arbitration':
      return event('dispute.pre_arbitration_filed', { ...base, items: submittedItems });
    case 'escalate_inquiry':
      return event('dispute.inquiry_escalated', {
        ...base,
        reasonCode: command.reasonCode ?? dispute.reasonCode,
      });
    case 'record_issuer_decision':
      return event('dispute.issuer_decision_recorded', { ...base, decision: command.decision });
    case 'record_ruling':
      return event('dispute.ruling_recorded', { ...base, outcome: command.outcome });
    case 'close_inquiry':
      return event('dispute.inquiry_closed', base);
    case 'accept':
      return event('dispute.accepted', base);
    case 'expire':
      return event('dispute.expired', base);
    case 'open_pre_arbitration':
      return event('dispute.pre_arbitration_opened', base);
    case 'escalate_to_arbitration':
      return event('dispute.escalated_to_arbitration', base);
    case 'resolve_provisional':
      return event('dispute.provisional_win_confirmed', base);
  }
}

/** The event of a provider's final status overriding whatever the state machine would allow. */
export function finalStatusEvent(
  command: DisputeCommand,
  dispute: Dispute,
  final: FinalStatus,
): DisputeTransitionEvent {
  return event('dispute.final_status_recorded', {
    ...eventContextOf(command),
    from: dispute.status,
    to: final,
    lostReason: final === 'lost' ? lostReasonOf(command) : null,
    deadline: NO_DEADLINE,
  });
}

/** A movement of the whole disputed amount, addressed to the ledger accounts it concerns. */
export function fundsEvent(
  type: DisputeFundsEvent['type'],
  command: DisputeCommand,
  dispute: Dispute,
): DisputeFundsEvent {
  return {
    type,
    schemaVersion: version,
    payload: {
      ...eventContextOf(command),
      transferId: dispute.transferId,
      merchantAccountId: dispute.merchantAccountId,
      amount: dispute.amount,
    },
  };
}

// The sub-reason of a loss the provider declared final: what the notice itself says happened.
function lostReasonOf(command: DisputeCommand): LostReason {
  if (command.type === 'accept') return 'accepted';
  if (command.type === 'expire') return 'expired';
  return 'ruled';
}

function event<Type extends DisputeEvent['type']>(
  type: Type,
  payload: Extract<DisputeEvent, { readonly type: Type }>['payload'],
): Extract<DisputeEvent, { readonly type: Type }> {
  return { type, schemaVersion: version, payload } as Extract<
    DisputeEvent,
    { readonly type: Type }
  >;
}
