import type { DomainError } from '@strongroom/kernel';

/**
 * Why a new password was refused. The client can explain the rule that failed; the password
 * itself is never part of the error.
 */
export type WeakPasswordReason =
  | 'too_short'
  | 'too_long'
  | 'common'
  | 'contains_email'
  | 'invalid_characters';

/** A new password breaks the NIST SP 800-63B policy; it is never echoed. */
export interface WeakPasswordError extends DomainError<'identity.weak_password'> {
  readonly reason: WeakPasswordReason;
}

/** Builds a {@link WeakPasswordError}. */
export function weakPassword(reason: WeakPasswordReason): WeakPasswordError {
  return { type: 'identity.weak_password', reason };
}
