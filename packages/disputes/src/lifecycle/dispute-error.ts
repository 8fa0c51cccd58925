import type { DomainError, Id, ValidationError } from '@strongroom/kernel';
import type { FinalStatus } from './command-source.js';
import type { DisputeCommandType } from './dispute-command.js';
import type { DisputeStage, DisputeStatus } from './dispute-status.js';

/** A command other than an opening one named a dispute that has no events. */
export interface DisputeNotFoundError extends DomainError<'dispute.not_found'> {
  readonly disputeId: Id<'dsp'>;
}

/** An opening command named a dispute that already exists. */
export interface DisputeAlreadyExistsError extends DomainError<'dispute.already_exists'> {
  readonly disputeId: Id<'dsp'>;
}

/** The command is not allowed from the dispute's current state. */
export interface DisputeTransitionNotAllowedError
  extends DomainError<'dispute.transition_not_allowed'> {
  readonly from: DisputeStatus;
  readonly command: DisputeCommandType;
}

/** The provider's final status contradicts the dispute's terminal state. */
export interface DisputeConflictingFinalStatusError
  extends DomainError<'dispute.conflicting_final_status'> {
  readonly status: DisputeStatus;
  readonly final: FinalStatus;
}

/** Evidence was already submitted in this stage; staging reopens when the next stage does. */
export interface DisputeEvidenceAlreadySubmittedError
  extends DomainError<'dispute.evidence_already_submitted'> {
  readonly stage: DisputeStage;
}

/** Submitting needs at least one staged evidence item. */
export type DisputeNoEvidenceStagedError = DomainError<'dispute.no_evidence_staged'>;

/** Staging would leave more items than a dispute may hold. */
export interface DisputeTooManyEvidenceItemsError
  extends DomainError<'dispute.too_many_evidence_items'> {
  readonly limit: number;
  readonly count: number;
}

/** The issuer allows no response (`due_by = 0`): nothing can be staged or submitted. */
export type DisputeNotDefendableError = DomainError<'dispute.not_defendable'>;

/** A money notice to withdraw funds that are already withdrawn. */
export type DisputeFundsAlreadyWithdrawnError = DomainError<'dispute.funds_already_withdrawn'>;

/** A money notice to reinstate funds that are not withdrawn. */
export type DisputeFundsNotWithdrawnError = DomainError<'dispute.funds_not_withdrawn'>;

/** This source may not send this command (a merchant never moves money itself). */
export interface DisputeSourceNotAllowedError extends DomainError<'dispute.source_not_allowed'> {
  readonly command: DisputeCommandType;
  readonly source: 'merchant' | 'system' | 'provider';
}

/** Every way a dispute command can be refused. */
export type DisputeError =
  | DisputeNotFoundError
  | DisputeAlreadyExistsError
  | DisputeTransitionNotAllowedError
  | DisputeConflictingFinalStatusError
  | DisputeEvidenceAlreadySubmittedError
  | DisputeNoEvidenceStagedError
  | DisputeTooManyEvidenceItemsError
  | DisputeNotDefendableError
  | DisputeFundsAlreadyWithdrawnError
  | DisputeFundsNotWithdrawnError
  | DisputeSourceNotAllowedError
  | ValidationError;

/** Builds a {@link DisputeTransitionNotAllowedError}. */
export function transitionNotAllowed(
  from: DisputeStatus,
  command: DisputeCommandType,
): DisputeTransitionNotAllowedError {
  return { type: 'dispute.transition_not_allowed', from, command };
}
