import type { DomainError } from '@strongroom/kernel';
import type { AccountFailureStatus } from './account-status.js';
import type { TransferFailureStatus } from './transfer-status.js';

/**
 * A transfer or journal-entry input refused before it reached the state: `status` is the code
 * the engine would report for it (a shape or validation code). Never echoes the rejected value.
 */
export interface InvalidTransferInputError extends DomainError<'ledger.invalid_transfer_input'> {
  readonly status: TransferFailureStatus;
}

/** An account input refused before it reached the state; `status` as the engine reports it. */
export interface InvalidAccountInputError extends DomainError<'ledger.invalid_account_input'> {
  readonly status: AccountFailureStatus;
}
