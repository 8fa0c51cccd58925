import { errors } from 'jose';
import type { InvalidTokenReason } from './access-token-error.js';

// The claim (or header) jose names in a failed check → the reason reported.
const CLAIM_REASONS: Readonly<Record<string, InvalidTokenReason>> = {
  nbf: 'not_yet_valid',
  iss: 'wrong_issuer',
  aud: 'wrong_audience',
  typ: 'wrong_type',
};

/**
 * Maps what `jwtVerify` throws to a stable reason, by jose's error classes rather than its
 * messages. Anything unrecognised is `malformed`: verification fails closed.
 */
export function joseFailureReason(error: unknown): InvalidTokenReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'missing_claim';
    // A time claim that is not a number: the shape is wrong, whichever claim it is.
    if (error.reason === 'invalid') return 'malformed';
    return CLAIM_REASONS[error.claim] ?? 'malformed';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'unsupported_algorithm';
  return 'malformed';
}
