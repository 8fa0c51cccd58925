import { err, ok, parseTenantId, type Result, type TenantId } from '@strongroom/kernel';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { type InvalidTokenError, invalidToken } from './access-token-error.js';
import { ACCESS_TOKEN_MAX_LENGTH } from './access-token-limits.js';
import { isSigningAlgorithm, type SigningAlgorithm } from './signing-algorithm.js';

/** Where to look for a token's key: read from the token before anything is verified. */
export interface TokenRouting {
  readonly tenantId: TenantId;
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
}

/**
 * Header parameters that carry or point at a key (RFC 7515 §4.1.2–4.1.6). Trusting one would let
 * a token choose the key that verifies it (RFC 8725 §3.10), so a token carrying any is refused,
 * not merely ignored.
 */
export const EMBEDDED_KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

// Three base64url segments; the signature may be empty so that `alg: none` is named as such.
const COMPACT_JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Reads the tenant, `kid` and algorithm of a token WITHOUT verifying it: they only choose which
 * of the tenant's keys to verify with, and every one of them is verified afterwards. The length
 * is checked before any decoding.
 */
export function inspectAccessToken(token: unknown): Result<TokenRouting, InvalidTokenError> {
  if (typeof token !== 'string') return err(invalidToken('malformed'));
  if (token.length > ACCESS_TOKEN_MAX_LENGTH) return err(invalidToken('too_long'));
  if (!COMPACT_JWS_PATTERN.test(token)) return err(invalidToken('malformed'));
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    return err(invalidToken('malformed'));
  }
  if (EMBEDDED_KEY_HEADERS.some((name) => Object.hasOwn(header, name)))
    return err(invalidToken('embedded_key'));
  const { alg, kid } = header;
  if (!isSigningAlgorithm(alg)) return err(invalidToken('unsupported_algorithm'));
  if (typeof kid !== 'string') return err(invalidToken('unknown_key'));
  if (!Object.hasOwn(payload, 'tid')) return err(invalidToken('missing_claim'));
  const tenantId = parseTenantId(payload['tid']);
  if (tenantId.isErr()) return err(invalidToken('malformed'));
  return ok({ tenantId: tenantId.value, kid, algorithm: alg });
}
