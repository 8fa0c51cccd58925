import type { Id } from '@strongroom/kernel';
import type { CommandSource } from './command-source.js';
import type { RecordIssuerDecisionCommand, RecordRulingCommand } from './dispute-command.js';
import type {
  DisputeAmount,
  DisputeNetwork,
  EvidenceItemJson,
  ProviderReference,
  ResponseDeadline,
} from './dispute-data.js';
import type { DisputeStatus, LostReason } from './dispute-status.js';

/** The payload schema version every dispute event is written with. */
export const DISPUTE_EVENT_SCHEMA_VERSION = 1;

/** What every dispute event records: when it happened and who asked (the command's source). */
export type DisputeEventContext = {
  readonly occurredAt: string;
  readonly source: CommandSource;
};

/** The facts a dispute was opened with, and the state it opened in. */
export type DisputeOpenedPayload = DisputeEventContext & {
  readonly disputeId: Id<'dsp'>;
  readonly transferId: Id<'trf'>;
  readonly merchantAccountId: Id<'acc'>;
  readonly network: DisputeNetwork;
  readonly reasonCode: string;
  readonly amount: DisputeAmount;
  readonly transactionDate: string;
  readonly providerReference: ProviderReference | null;
  readonly deadline: ResponseDeadline;
};

/** A change of state: from where to where, why it was lost (if it was) and the deadline after. */
export type DisputeTransitionPayload = DisputeEventContext & {
  readonly from: DisputeStatus;
  readonly to: DisputeStatus;
  readonly lostReason: LostReason | null;
  readonly deadline: ResponseDeadline;
};

/** A movement of the disputed amount, with what the ledger needs to post it. */
export type DisputeFundsPayload = DisputeEventContext & {
  readonly transferId: Id<'trf'>;
  readonly merchantAccountId: Id<'acc'>;
  readonly amount: DisputeAmount;
};

/** Every dispute event: a namespaced type, schema version 1 and a JSON payload. */
export type DisputeEventOf<Type extends string, Payload> = {
  readonly type: Type;
  readonly schemaVersion: typeof DISPUTE_EVENT_SCHEMA_VERSION;
  readonly payload: Payload;
};

/** The events that open a dispute. */
export type DisputeOpenedEvent =
  | DisputeEventOf<'dispute.inquiry_opened', DisputeOpenedPayload>
  | DisputeEventOf<'dispute.chargeback_opened', DisputeOpenedPayload>
  | DisputeEventOf<'dispute.prevention_recorded', DisputeOpenedPayload>;

/** The events that move a dispute from one state to another. */
export type DisputeTransitionEvent =
  | DisputeEventOf<
      'dispute.evidence_submitted',
      DisputeTransitionPayload & { readonly items: readonly EvidenceItemJson[] }
    >
  | DisputeEventOf<
      'dispute.inquiry_escalated',
      DisputeTransitionPayload & { readonly reasonCode: string }
    >
  | DisputeEventOf<'dispute.inquiry_closed', DisputeTransitionPayload>
  | DisputeEventOf<'dispute.accepted', DisputeTransitionPayload>
  | DisputeEventOf<'dispute.expired', DisputeTransitionPayload>
  | DisputeEventOf<
      'dispute.pre_arbitration_filed',
      DisputeTransitionPayload & { readonly items: readonly EvidenceItemJson[] }
    >
  | DisputeEventOf<
      'dispute.issuer_decision_recorded',
      DisputeTransitionPayload & { readonly decision: RecordIssuerDecisionCommand['decision'] }
    >
  | DisputeEventOf<'dispute.pre_arbitration_opened', DisputeTransitionPayload>
  | DisputeEventOf<'dispute.escalated_to_arbitration', DisputeTransitionPayload>
  | DisputeEventOf<
      'dispute.ruling_recorded',
      DisputeTransitionPayload & { readonly outcome: RecordRulingCommand['outcome'] }
    >
  | DisputeEventOf<'dispute.provisional_win_confirmed', DisputeTransitionPayload>
  | DisputeEventOf<'dispute.final_status_recorded', DisputeTransitionPayload>;

/** The events that move the disputed amount; a service posts each one to the ledger. */
export type DisputeFundsEvent =
  | DisputeEventOf<'dispute.funds_withdrawn', DisputeFundsPayload>
  | DisputeEventOf<'dispute.funds_reinstated', DisputeFundsPayload>
  | DisputeEventOf<'dispute.written_off', DisputeFundsPayload>;

/** Everything a dispute records. */
export type DisputeEvent =
  | DisputeOpenedEvent
  | DisputeTransitionEvent
  | DisputeFundsEvent
  | DisputeEventOf<
      'dispute.evidence_staged',
      DisputeEventContext & { readonly items: readonly EvidenceItemJson[] }
    >
  | DisputeEventOf<
      'dispute.deadline_set',
      DisputeEventContext & { readonly deadline: ResponseDeadline }
    >;

/** The `type` of a {@link DisputeEvent}. */
export type DisputeEventType = DisputeEvent['type'];
