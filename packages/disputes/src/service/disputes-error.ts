import type { AuditEntryError } from '@strongroom/audit';
import type { EventStoreError, StreamTooLongError } from '@strongroom/events';
import type { DomainError, StorageError, ValidationError } from '@strongroom/kernel';
import type { TransferStatus } from '@strongroom/ledger';
import type { EvidenceListError } from '../evidence/evidence-item-error.js';
import type { DisputeError } from '../lifecycle/dispute-error.js';

/** The contested transfer does not exist in the ledger. */
export interface DisputeTransferNotFoundError extends DomainError<'dispute.transfer_not_found'> {
  readonly transferId: string;
}

/**
 * The merchant's account does not exist, was not the account the contested transfer paid, or is
 * in another currency than the dispute.
 */
export interface DisputeMerchantAccountError
  extends DomainError<'dispute.merchant_account_invalid'> {
  readonly merchantAccountId: string;
  readonly reason: 'not_found' | 'not_paid_by_transfer' | 'currency_mismatch';
}

/** A partial dispute may be smaller than the transfer, never larger (same currency). */
export interface DisputeAmountExceedsTransferError
  extends DomainError<'dispute.amount_exceeds_transfer'> {
  readonly transferId: string;
}

/** No house accounts are configured for the dispute's currency, so its money cannot be booked. */
export interface DisputeHouseAccountsMissingError
  extends DomainError<'dispute.house_accounts_missing'> {
  readonly currency: string;
}

/**
 * The ledger refused a dispute posting (e.g. the merchant account's balance limit): the whole
 * command was rolled back, so the dispute and the ledger still agree.
 */
export interface DisputePostingFailedError extends DomainError<'dispute.posting_failed'> {
  readonly template: string;
  readonly status: TransferStatus | 'template_not_applicable';
}

/** A provider notice names a payment the host's `resolvePayment` does not know. */
export interface DisputePaymentNotResolvedError
  extends DomainError<'dispute.payment_not_resolved'> {
  readonly provider: string;
}

/**
 * Another dispute was already opened for this provider dispute (a webhook delivered twice under
 * two dispute ids, a client retrying with a new id): the provider's id opens one dispute only.
 */
export interface DisputeProviderReferenceTakenError
  extends DomainError<'dispute.provider_reference_taken'> {
  readonly provider: string;
  /** The dispute that holds the provider reference. */
  readonly disputeId: string;
}

/** Everything a dispute service call can answer instead of a dispute. */
export type DisputesError =
  | DisputeError
  | DisputeTransferNotFoundError
  | DisputeMerchantAccountError
  | DisputeAmountExceedsTransferError
  | DisputeHouseAccountsMissingError
  | DisputePostingFailedError
  | DisputePaymentNotResolvedError
  | DisputeProviderReferenceTakenError
  | EvidenceListError
  | EventStoreError
  | StreamTooLongError
  | AuditEntryError
  | ValidationError
  | StorageError;
