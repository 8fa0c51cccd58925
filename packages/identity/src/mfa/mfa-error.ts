import type { DomainError } from '@strongroom/kernel';
// One list of second factors for the whole package: the session layer owns it.
import type { MfaMethod } from '../sessions/mfa-challenge.js';

/**
 * The first factor was right but the user enrolled a second one: the sign-in continues only
 * with a code. `methods` lists what this user can present, so the client can offer a choice.
 */
export interface MfaRequiredError extends DomainError<'identity.mfa_required'> {
  readonly methods: readonly MfaMethod[];
}

/**
 * Why a code was refused. `replayed` (a TOTP code already used), `expired` and `exhausted` (an SMS
 * code past its lifetime or attempt limit) tell the client to wait for or request a new code;
 * public edges may still answer all of them alike.
 */
export type InvalidMfaCodeReason = 'invalid' | 'replayed' | 'malformed' | 'expired' | 'exhausted';

/** A second-factor code was refused; the code itself is never echoed. */
export interface InvalidMfaCodeError extends DomainError<'identity.invalid_mfa_code'> {
  readonly reason: InvalidMfaCodeReason;
}

/** The operation needs a method the user has not enrolled (verifying or removing it). */
export interface MfaNotEnrolledError extends DomainError<'identity.mfa_not_enrolled'> {
  readonly method: MfaMethod;
}

/**
 * The user already has this method; replacing it means removing the old one first (with a
 * code from it), so a stolen session cannot silently swap in the attacker's authenticator.
 */
export interface MfaAlreadyEnrolledError extends DomainError<'identity.mfa_already_enrolled'> {
  readonly method: MfaMethod;
}

/** Every error the MFA operations of the identity service return. */
export type MfaError =
  | MfaRequiredError
  | InvalidMfaCodeError
  | MfaNotEnrolledError
  | MfaAlreadyEnrolledError;

/** Builds an {@link MfaRequiredError}. */
export function mfaRequired(methods: readonly MfaMethod[]): MfaRequiredError {
  return { type: 'identity.mfa_required', methods: [...methods] };
}

/** Builds an {@link InvalidMfaCodeError}. */
export function invalidMfaCode(reason: InvalidMfaCodeReason): InvalidMfaCodeError {
  return { type: 'identity.invalid_mfa_code', reason };
}

/** Builds an {@link MfaNotEnrolledError}. */
export function mfaNotEnrolled(method: MfaMethod): MfaNotEnrolledError {
  return { type: 'identity.mfa_not_enrolled', method };
}

/** Builds an {@link MfaAlreadyEnrolledError}. */
export function mfaAlreadyEnrolled(method: MfaMethod): MfaAlreadyEnrolledError {
  return { type: 'identity.mfa_already_enrolled', method };
}
