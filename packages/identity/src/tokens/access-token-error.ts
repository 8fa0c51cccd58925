import type { DomainError, StorageError } from '@strongroom/kernel';

/**
 * Why a token was refused. Stable codes for logs and metrics; an HTTP edge answers every one the
 * same way (401), so a caller cannot probe which check failed.
 */
export type InvalidTokenReason =
  | 'malformed'
  | 'too_long'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_type'
  | 'wrong_tenant'
  | 'missing_claim'
  | 'embedded_key';

/** The token is not a valid access token of this issuer; the token itself is never echoed. */
export interface InvalidTokenError extends DomainError<'identity.invalid_token'> {
  readonly reason: InvalidTokenReason;
}

/** The token is valid but its `jti`, device or user was revoked before it expired. */
export interface TokenRevokedError extends DomainError<'identity.token_revoked'> {}

/**
 * Every error of verifying an access token. A storage or revocation-store fault is an
 * infrastructure error: verification then fails closed, and the caller may retry.
 */
export type AccessTokenError = InvalidTokenError | TokenRevokedError | StorageError;

/** Builds an {@link InvalidTokenError}. */
export function invalidToken(reason: InvalidTokenReason): InvalidTokenError {
  return { type: 'identity.invalid_token', reason };
}
