import type { AuditEntryError } from '@strongroom/audit';
import type { DomainError, StorageError, ValidationError } from '@strongroom/kernel';
import type { EnvelopeError } from '../envelope/envelope-cipher.js';
import type { SecretError } from '../secrets/secret-provider.js';
import type { SensitiveDataStoreError } from './sensitive-data-store.js';

/** The parts of a card input that validation names. */
export type CardInputField =
  | 'pan'
  | 'expiryMonth'
  | 'expiryYear'
  | 'cardholderName'
  | 'cvv'
  | 'expiresAt';

/**
 * A card input failed validation. `field` names the part, `reason` is a stable code
 * (`luhn_failed`, `expired`, `too_long`, …); the rejected value, a PAN or CVV perhaps, is never
 * echoed.
 */
export interface InvalidCardError extends DomainError<'vault.invalid_card'> {
  readonly field: CardInputField;
  readonly reason: string;
}

/** Builds an {@link InvalidCardError}. */
export function invalidCard(field: CardInputField, reason: string): InvalidCardError {
  return { type: 'vault.invalid_card', field, reason };
}

/** The principal lacks the permission the operation needs; an audit leaf records the refusal. */
export interface CardPermissionDeniedError extends DomainError<'vault.permission_denied'> {
  readonly permission: string;
}

/** No such token for this tenant (never created, deleted, or another tenant's); never echoed. */
export interface TokenNotFoundError extends DomainError<'vault.token_not_found'> {}

/** The token exists but its lifetime ended. */
export interface TokenExpiredError extends DomainError<'vault.token_expired'> {}

/** More cards in one batch than {@link CARD_BATCH_SIZE_MAX}; nothing was written. */
export interface CardBatchTooLargeError extends DomainError<'vault.batch_too_large'> {
  readonly maximum: number;
  readonly attempted: number;
}

/**
 * No security code is held for the token: none was given, it was already used for an
 * authorization, it expired, or the token was deleted. Each is read-once by design.
 */
export interface CvvNotFoundError extends DomainError<'vault.cvv_not_found'> {}

/** Errors any card operation can end with besides its own: storage faults and audit refusals. */
export type CardInfrastructureError = StorageError | AuditEntryError;

/** Every error of tokenizing one card. */
export type TokenizeCardError =
  | CardPermissionDeniedError
  | InvalidCardError
  | SecretError
  | EnvelopeError
  | SensitiveDataStoreError
  | CardInfrastructureError;

/** The error of one card of a batch; the batch's other cards are unaffected. */
export type TokenizeBatchItemError =
  | InvalidCardError
  | EnvelopeError
  | SensitiveDataStoreError
  | CardInfrastructureError;

/** An error of a whole batch: nothing in it was tokenized. */
export type TokenizeBatchError =
  | CardPermissionDeniedError
  | CardBatchTooLargeError
  | SecretError
  | CardInfrastructureError;

/** Every error of revealing a token. */
export type DetokenizeError =
  | CardPermissionDeniedError
  | ValidationError
  | TokenNotFoundError
  | TokenExpiredError
  | EnvelopeError
  | CardInfrastructureError;

/** Every error of taking a held security code. */
export type TakeCvvError =
  | CardPermissionDeniedError
  | ValidationError
  | TokenNotFoundError
  | TokenExpiredError
  | CvvNotFoundError
  | EnvelopeError
  | SensitiveDataStoreError
  | CardInfrastructureError;

/** Every error of deleting a token. */
export type DeleteTokenError =
  | CardPermissionDeniedError
  | ValidationError
  | TokenNotFoundError
  | SensitiveDataStoreError
  | CardInfrastructureError;
