import { type DomainError, err, ok, type Result } from '@strongroom/kernel';

/** Why a passkey ceremony was refused: a stable code to switch on. */
export type PasskeyFailureReason =
  /** The challenge's lifetime ended before the response arrived. */
  | 'challenge_expired'
  /** The response signs another challenge than the one issued (a replay or a mix-up). */
  | 'challenge_mismatch'
  /** The ceremony ran on a page origin the relying party does not list, or in a foreign frame. */
  | 'origin_mismatch'
  /** The authenticator scoped the credential to another RP ID. */
  | 'rp_mismatch'
  /** The signature (assertion or attestation) does not verify. */
  | 'bad_signature'
  /**
   * A validly signed assertion carries a signature counter that did not increase: a sign that the
   * authenticator was cloned. Worth an alert; only reported once the signature has verified.
   */
  | 'counter_regressed'
  /** The response is not a WebAuthn response this ceremony can read. */
  | 'malformed'
  /** The response names another credential than the passkey it is checked against. */
  | 'not_allowed'
  /** The authenticator did not verify the user (no PIN or biometric). */
  | 'user_not_verified'
  /** The authenticator did not see the user (no touch or gesture). */
  | 'user_not_present';

/** A passkey registration or sign-in failed; the rejected response is never kept. */
export interface PasskeyFailedError extends DomainError<'identity.passkey_failed'> {
  readonly reason: PasskeyFailureReason;
}

/** The user already holds as many passkeys as allowed; one must be removed first. */
export interface PasskeyLimitReachedError extends DomainError<'identity.passkey_limit_reached'> {
  readonly maximum: number;
}

/** Builds a {@link PasskeyFailedError}. */
export function passkeyFailed(reason: PasskeyFailureReason): PasskeyFailedError {
  return { type: 'identity.passkey_failed', reason };
}

// The messages @simplewebauthn/server 14 throws with, matched at their start only: the rest of a
// message quotes values from the response, which an attacker chooses.
const LIBRARY_MESSAGE_REASONS: readonly (readonly [RegExp, PasskeyFailureReason])[] = [
  [/^Unexpected (?:registration|authentication) response challenge /, 'challenge_mismatch'],
  [/^Unexpected (?:registration|authentication) response origin /, 'origin_mismatch'],
  [/^(?:Detected cross-origin|Unexpected cross-origin|Unexpected top origin) /, 'origin_mismatch'],
  [/^Unexpected RP ID hash$/, 'rp_mismatch'],
  [/^User verification (?:was )?required/, 'user_not_verified'],
  [/^User (?:presence was required|not present)/, 'user_not_present'],
];

/** The reason for an error the library threw; anything unrecognised is a malformed response. */
export function passkeyFailureReasonOf(error: unknown): PasskeyFailureReason {
  const message = error instanceof Error ? error.message : '';
  const match = LIBRARY_MESSAGE_REASONS.find(([pattern]) => pattern.test(message));
  return match === undefined ? 'malformed' : match[1];
}

/**
 * Runs a library verification, turning what it throws into a typed failure. The thrown error is
 * dropped, not wrapped: its message quotes the response.
 */
export async function verifyWithLibrary<T>(
  verify: () => Promise<T>,
): Promise<Result<T, PasskeyFailedError>> {
  try {
    return ok(await verify());
  } catch (error) {
    return err(passkeyFailed(passkeyFailureReasonOf(error)));
  }
}
