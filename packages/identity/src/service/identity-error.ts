import type { AuditEntryError } from '@strongroom/audit';
import type {
  DomainError,
  InfrastructureError,
  StorageError,
  ValidationError,
} from '@strongroom/kernel';
import type { BlindIndexError, FieldEncryptionError } from '@strongroom/vault';

/**
 * The email and password do not match an active account. The same error, after the same work,
 * for an unknown email, a wrong password and a locked account, so a caller learns nothing about
 * which accounts exist.
 */
export interface InvalidCredentialsError extends DomainError<'identity.invalid_credentials'> {}

/** The password was right but the email is not verified yet. */
export interface EmailNotVerifiedError extends DomainError<'identity.email_not_verified'> {}

/** An operator suspended the account; only an operator can lift it. */
export interface AccountSuspendedError extends DomainError<'identity.account_suspended'> {}

/** Another user of the tenant has this email. Public edges answer as for a new one (no enumeration). */
export interface EmailTakenError extends DomainError<'identity.email_taken'> {}

/** A rate limit refused the request; `retryAfterMs` is what `Retry-After` says. */
export interface RateLimitedError extends DomainError<'identity.rate_limited'> {
  readonly policy: string;
  readonly retryAfterMs: number;
}

/** A verification or reset token that is unknown, expired, already used or for another purpose. */
export interface InvalidVerificationTokenError
  extends DomainError<'identity.invalid_verification_token'> {
  readonly reason: 'not_found' | 'expired' | 'used';
}

/** No such user in this tenant. */
export interface UserNotFoundError extends DomainError<'identity.user_not_found'> {}

/** The user was erased; only their tombstone remains. */
export interface UserErasedError extends DomainError<'identity.user_erased'> {}

/** No such device of this user. */
export interface DeviceNotFoundError extends DomainError<'identity.device_not_found'> {}

/** A refresh token that is unknown, expired, or whose session or device was revoked. */
export interface InvalidRefreshTokenError extends DomainError<'identity.invalid_refresh_token'> {
  readonly reason: 'not_found' | 'expired' | 'revoked' | 'malformed';
}

/**
 * A rotated refresh token came back: it was stolen or replayed, so its whole family (the session)
 * is revoked, and the device must sign in again.
 */
export interface RefreshTokenReusedError extends DomainError<'identity.refresh_token_reused'> {}

/** The principal lacks the permission; an audit leaf records the refusal. */
export interface IdentityPermissionDeniedError extends DomainError<'identity.permission_denied'> {
  readonly permission: string;
}

/** A role name the tenant's role catalogue does not define. */
export interface UnknownRoleError extends DomainError<'identity.unknown_role'> {
  readonly role: string;
}

/** Faults any identity command can end with besides its own errors. */
export type IdentityInfrastructureError =
  | StorageError
  | AuditEntryError
  | InfrastructureError
  | FieldEncryptionError
  | BlindIndexError;

/** Input that failed validation (email, phone, ids), never echoed. */
export type IdentityValidationError = ValidationError;
