import type { Id } from '@strongroom/kernel';
import type { EvidenceItem } from '../evidence/evidence-item.js';
import type { CommandSource } from './command-source.js';
import type {
  DisputeAmount,
  DisputeNetwork,
  ProviderReference,
  ResponseDeadline,
} from './dispute-data.js';
import type { DisputeStage } from './dispute-status.js';

/** What every dispute command carries: the dispute, when it happened and who asks. */
export type DisputeCommandBase = {
  readonly disputeId: Id<'dsp'>;
  /** ISO 8601 instant the change happened (the provider's event time for a notification). */
  readonly occurredAt: string;
  readonly source: CommandSource;
};

/** The facts a dispute is opened with. */
export type DisputeOpening = {
  /** The ledger transfer the cardholder contests. */
  readonly transferId: Id<'trf'>;
  /** The merchant's ledger account the disputed funds are withdrawn from. */
  readonly merchantAccountId: Id<'acc'>;
  readonly network: DisputeNetwork;
  /** The network's reason code as the provider reports it (`10.4`, `4853`). */
  readonly reasonCode: string;
  readonly amount: DisputeAmount;
  /** ISO 8601 calendar date of the disputed transaction (`2025-03-14`). */
  readonly transactionDate: string;
  readonly providerReference?: ProviderReference;
  /** The response deadline, when known (a network default or the provider's value). */
  readonly deadline?: ResponseDeadline;
};

/** An issuer inquiry, retrieval request or RFI opens a dispute without moving money. */
export type OpenInquiryCommand = DisputeCommandBase &
  DisputeOpening & { readonly type: 'open_inquiry' };

/**
 * A chargeback opens a dispute. `withdrawsFunds` says whether this notice comes with the debit
 * (Stripe `funds_withdrawn`, Adyen `CHARGEBACK`) or not yet (Adyen `NOTIFICATION_OF_CHARGEBACK`).
 */
export type OpenChargebackCommand = DisputeCommandBase &
  DisputeOpening & { readonly type: 'open_chargeback'; readonly withdrawsFunds: boolean };

/** A dispute stopped before it started (Visa RDR, Stripe `prevented`). */
export type RecordPreventionCommand = DisputeCommandBase &
  DisputeOpening & { readonly type: 'record_prevention' };

/** Adds evidence items, replacing a staged item of the same field. Items are already valid. */
export type StageEvidenceCommand = DisputeCommandBase & {
  readonly type: 'stage_evidence';
  readonly items: readonly EvidenceItem[];
};

/** Submits the staged evidence: the response of the current stage, once per stage. */
export type SubmitEvidenceCommand = DisputeCommandBase & {
  readonly type: 'submit_evidence';
  /**
   * The stage a provider reports the submission for, when it says: a notice for an earlier stage
   * than the dispute's (a late "under review" after an escalation) is stale and changes nothing.
   */
  readonly stage?: DisputeStage;
};

/** The inquiry became a chargeback; it may come with the debit and a new reason code. */
export type EscalateInquiryCommand = DisputeCommandBase & {
  readonly type: 'escalate_inquiry';
  readonly withdrawsFunds: boolean;
  readonly reasonCode?: string;
  readonly deadline?: ResponseDeadline;
};

/** The inquiry ended without a chargeback. */
export type CloseInquiryCommand = DisputeCommandBase & { readonly type: 'close_inquiry' };

/** The merchant accepts the loss (Stripe close, Adyen `acceptDispute`). */
export type AcceptCommand = DisputeCommandBase & { readonly type: 'accept' };

/**
 * The response window passed without a response; for a Mastercard pre-arbitration this is the
 * automatic acceptance after 30 days (reference/disputes.md §2).
 */
export type ExpireCommand = DisputeCommandBase & { readonly type: 'expire' };

/**
 * Visa Allocation: the merchant files pre-arbitration with the staged evidence instead of a
 * dispute response (reference/disputes.md §1).
 */
export type FilePreArbitrationCommand = DisputeCommandBase & {
  readonly type: 'file_pre_arbitration';
  readonly deadline?: ResponseDeadline;
};

/**
 * The issuer's answer to the merchant's response: accepted for good, accepted provisionally
 * (Adyen `CHARGEBACK_REVERSED`, not final), or rejected.
 */
export type RecordIssuerDecisionCommand = DisputeCommandBase & {
  readonly type: 'record_issuer_decision';
  readonly decision: 'accepted' | 'accepted_provisionally' | 'rejected';
};

/**
 * The issuer opened pre-arbitration (Visa Collaboration, Mastercard case, Adyen
 * `SECOND_CHARGEBACK` / `PREARBITRATION_OPEN`); the second chargeback debits again.
 */
export type OpenPreArbitrationCommand = DisputeCommandBase & {
  readonly type: 'open_pre_arbitration';
  readonly withdrawsFunds: boolean;
  readonly deadline?: ResponseDeadline;
};

/** The case went to the network for arbitration (by the issuer, or by the merchant after a decline). */
export type EscalateToArbitrationCommand = DisputeCommandBase & {
  readonly type: 'escalate_to_arbitration';
  readonly withdrawsFunds: boolean;
  readonly deadline?: ResponseDeadline;
};

/** The network's arbitration ruling. */
export type RecordRulingCommand = DisputeCommandBase & {
  readonly type: 'record_ruling';
  readonly outcome: 'won' | 'lost';
};

/** The window for a second chargeback passed after a provisional win: the win is final. */
export type ResolveProvisionalCommand = DisputeCommandBase & {
  readonly type: 'resolve_provisional';
};

/** A provider's notice that the disputed amount was debited from the merchant. */
export type WithdrawFundsCommand = DisputeCommandBase & { readonly type: 'withdraw_funds' };

/** A provider's notice that the disputed amount was credited back to the merchant. */
export type ReinstateFundsCommand = DisputeCommandBase & { readonly type: 'reinstate_funds' };

/** Replaces the response deadline; a network default never replaces a provider's deadline. */
export type SetDeadlineCommand = DisputeCommandBase & {
  readonly type: 'set_deadline';
  readonly deadline: ResponseDeadline;
};

/** Everything that can be asked of a dispute. */
export type DisputeCommand =
  | OpenInquiryCommand
  | OpenChargebackCommand
  | RecordPreventionCommand
  | StageEvidenceCommand
  | SubmitEvidenceCommand
  | EscalateInquiryCommand
  | CloseInquiryCommand
  | AcceptCommand
  | ExpireCommand
  | FilePreArbitrationCommand
  | RecordIssuerDecisionCommand
  | OpenPreArbitrationCommand
  | EscalateToArbitrationCommand
  | RecordRulingCommand
  | ResolveProvisionalCommand
  | WithdrawFundsCommand
  | ReinstateFundsCommand
  | SetDeadlineCommand;

/** The `type` of a {@link DisputeCommand}. */
export type DisputeCommandType = DisputeCommand['type'];

/** The commands that create a dispute. */
export type OpenDisputeCommand =
  | OpenInquiryCommand
  | OpenChargebackCommand
  | RecordPreventionCommand;

/** Whether a command creates a dispute. */
export function isOpenDisputeCommand(command: DisputeCommand): command is OpenDisputeCommand {
  return (
    command.type === 'open_inquiry' ||
    command.type === 'open_chargeback' ||
    command.type === 'record_prevention'
  );
}
