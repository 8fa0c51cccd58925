import { type Clock, err, ok, type Result, type TenantId } from '@strongroom/kernel';
import { type CryptoKey, type JWTPayload, jwtVerify } from 'jose';
import type { RevocationList } from '../revocation/revocation-list.js';
import { type AccessTokenClaims, parseVerifiedClaims } from './access-token-claims.js';
import {
  type AccessTokenError,
  type InvalidTokenError,
  invalidToken,
} from './access-token-error.js';
import { ACCESS_TOKEN_TYPE } from './access-token-limits.js';
import { inspectAccessToken } from './inspect-access-token.js';
import { joseFailureReason } from './jose-failure-reason.js';
import type { SigningAlgorithm } from './signing-algorithm.js';
import type { VerificationKeys } from './verification-keys.js';
import { type VerifiedTokens, verifiedTokenKey } from './verified-tokens.js';

/** What verifying needs: the tenants' public keys, the denylist and the expected parties. */
export interface AccessTokenVerifier {
  readonly keys: VerificationKeys;
  readonly revocations: RevocationList;
  readonly clock: Clock;
  readonly issuer: string;
  readonly audience: string;
  readonly leewayMs: number;
  /** Claims of tokens whose signature this verifier checked, so a token is not checked again. */
  readonly verified: VerifiedTokens;
}

type VerificationKey = { readonly algorithm: SigningAlgorithm; readonly publicKey: CryptoKey };

/**
 * Verifies an access token (RFC 8725, RFC 9068): the key is looked up by `kid` among the keys of
 * the tenant the token names, and only there; the algorithm is the key's own; then signature,
 * `typ`, issuer, audience and times are checked by jose, the claims are read, and the token's id,
 * session, device and user are checked against the revocation list. `expectedTenantId`, when given,
 * refuses a token of any other tenant before a key is looked up. A token this verifier has already
 * verified skips only the signature, `typ`, issuer and audience checks, which cannot change: its
 * key must still verify, and its times and revocations are checked again on every call.
 */
export async function verifyAccessToken(
  verifier: AccessTokenVerifier,
  token: string,
  expectedTenantId?: TenantId,
): Promise<Result<AccessTokenClaims, AccessTokenError>> {
  const routing = inspectAccessToken(token);
  if (routing.isErr()) return err(routing.error);
  const { tenantId, kid, algorithm } = routing.value;
  if (expectedTenantId !== undefined && tenantId !== expectedTenantId)
    return err(invalidToken('wrong_tenant'));
  // A retired key past its window, or one deleted, fails its tokens whether or not they are cached.
  const key = await verifier.keys.find(tenantId, kid);
  if (key.isErr()) return err(key.error);
  if (key.value === undefined) return err(invalidToken('unknown_key'));
  if (key.value.algorithm !== algorithm) return err(invalidToken('unsupported_algorithm'));
  const claims = await verifiedClaims(verifier, token, tenantId, key.value);
  if (claims.isErr()) return err(claims.error);
  const revoked = await verifier.revocations.isRevoked(tenantId, [
    { kind: 'token', id: claims.value.jti },
    { kind: 'device', id: claims.value.deviceId },
    { kind: 'session', id: claims.value.sessionId },
    { kind: 'user', id: claims.value.userId },
  ]);
  if (revoked.isErr()) return err(revoked.error);
  if (revoked.value) return err({ type: 'identity.token_revoked' });
  return ok(claims.value);
}

// The token's claims from the cache, its times checked now, or from a full check that fills it.
async function verifiedClaims(
  verifier: AccessTokenVerifier,
  token: string,
  tenantId: TenantId,
  key: VerificationKey,
): Promise<Result<AccessTokenClaims, InvalidTokenError>> {
  const cacheKey = verifiedTokenKey(token);
  const cached = verifier.verified.get(cacheKey);
  if (cached !== undefined) {
    const timely = checkTimes(verifier, cached);
    // An expired token never passes again, so its entry goes; one not yet valid may yet pass.
    if (timely.isErr() && timely.error.reason === 'expired') verifier.verified.delete(cacheKey);
    return timely;
  }
  const payload = await checkSignature(verifier, token, key);
  if (payload.isErr()) return err(payload.error);
  const claims = parseVerifiedClaims(payload.value);
  if (claims.isErr()) return err(claims.error);
  // The keys were chosen by the unverified `tid`; the verified one must name the same tenant.
  if (claims.value.tenantId !== tenantId) return err(invalidToken('wrong_tenant'));
  // Frozen: every later request with this token gets the same object.
  const verified = Object.freeze({
    ...claims.value,
    roles: Object.freeze([...claims.value.roles]),
    authenticationMethods: Object.freeze([...claims.value.authenticationMethods]),
  });
  verifier.verified.set(cacheKey, verified);
  return ok(verified);
}

/**
 * jose's time checks, as `checkSignature` runs them: whole seconds of the verifier's clock, `nbf`
 * no later than now plus the leeway, `exp` later than now minus the leeway, `nbf` first.
 */
function checkTimes(
  verifier: AccessTokenVerifier,
  claims: AccessTokenClaims,
): Result<AccessTokenClaims, InvalidTokenError> {
  const nowSeconds = Math.floor(verifier.clock.now().getTime() / 1000);
  const leewaySeconds = verifier.leewayMs / 1000;
  if (claims.notBeforeMs / 1000 > nowSeconds + leewaySeconds)
    return err(invalidToken('not_yet_valid'));
  if (claims.expiresAtMs / 1000 <= nowSeconds - leewaySeconds) return err(invalidToken('expired'));
  return ok(claims);
}

async function checkSignature(
  verifier: AccessTokenVerifier,
  token: string,
  key: VerificationKey,
): Promise<Result<JWTPayload, InvalidTokenError>> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.algorithm],
      typ: ACCESS_TOKEN_TYPE,
      issuer: verifier.issuer,
      audience: verifier.audience,
      clockTolerance: verifier.leewayMs / 1000,
      currentDate: verifier.clock.now(),
    });
    return ok(payload);
  } catch (error) {
    return err(invalidToken(joseFailureReason(error)));
  }
}
