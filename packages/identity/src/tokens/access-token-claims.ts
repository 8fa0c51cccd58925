import {
  err,
  ok,
  parseTenantId,
  type Result,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { JWTPayload } from 'jose';
import { ROLE_NAME_PATTERN, ROLES_MAX } from '../authorization/roles.js';
import { type InvalidTokenError, invalidToken } from './access-token-error.js';
import {
  ACCESS_TOKEN_ID_MAX_LENGTH,
  AUTHENTICATION_METHOD_PATTERN,
  AUTHENTICATION_METHODS_MAX,
} from './access-token-limits.js';

/** Who an access token is for: one signed-in device's session of one user. */
export interface AccessTokenSubject {
  readonly tenantId: TenantId;
  readonly userId: string;
  readonly deviceId: string;
  readonly sessionId: string;
  /** Role names as of issuance; a role change shows in the next token (minutes at most). */
  readonly roles: readonly string[];
  /** RFC 8176 methods the sign-in used (`pwd`, `otp`, `hwk`, …). */
  readonly authenticationMethods?: readonly string[];
}

/** What a verified access token says, under domain names (`sub` is `userId`, `tid` `tenantId`, …). */
export interface AccessTokenClaims {
  readonly tenantId: TenantId;
  readonly userId: string;
  readonly deviceId: string;
  readonly sessionId: string;
  /** The token's own id, by which it alone can be revoked. */
  readonly jti: string;
  readonly roles: readonly string[];
  readonly authenticationMethods: readonly string[];
  readonly issuedAtMs: number;
  readonly notBeforeMs: number;
  readonly expiresAtMs: number;
}

/** The claims every access token carries; a verified token missing one is `missing_claim`. */
export const ACCESS_TOKEN_REQUIRED_CLAIMS = [
  'sub',
  'tid',
  'dev',
  'sid',
  'jti',
  'roles',
  'amr',
  'iss',
  'aud',
  'iat',
  'nbf',
  'exp',
] as const;

// Ids are printable ASCII without spaces, and short enough to be revocation ids.
const isTokenId = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length <= ACCESS_TOKEN_ID_MAX_LENGTH &&
  /^[\x21-\x7e]+$/.test(value);

const isNameList = (value: unknown, pattern: RegExp, max: number): value is string[] =>
  Array.isArray(value) &&
  value.length <= max &&
  new Set(value).size === value.length &&
  value.every((item) => typeof item === 'string' && pattern.test(item));

/** Checks what `issue` is asked to put in a token; the value is never echoed. */
export function checkAccessTokenSubject(
  subject: AccessTokenSubject,
): Result<AccessTokenSubject, ValidationError> {
  for (const field of ['userId', 'deviceId', 'sessionId'] as const) {
    if (!isTokenId(subject[field])) return err(validationError(field, 'bad_format'));
  }
  if (!isNameList(subject.roles, ROLE_NAME_PATTERN, ROLES_MAX))
    return err(validationError('roles', 'bad_format'));
  const methods = subject.authenticationMethods ?? [];
  if (!isNameList(methods, AUTHENTICATION_METHOD_PATTERN, AUTHENTICATION_METHODS_MAX))
    return err(validationError('authenticationMethods', 'bad_format'));
  return ok(subject);
}

/** The private claims of a token for `subject` (the registered ones are set by the signer). */
export function accessTokenPayload(subject: AccessTokenSubject, jti: string): JWTPayload {
  return {
    sub: subject.userId,
    tid: subject.tenantId,
    dev: subject.deviceId,
    sid: subject.sessionId,
    jti,
    roles: [...subject.roles],
    amr: [...(subject.authenticationMethods ?? [])],
  };
}

/** Reads the claims of a token whose signature and registered claims were verified. */
export function parseVerifiedClaims(
  payload: JWTPayload,
): Result<AccessTokenClaims, InvalidTokenError> {
  if (ACCESS_TOKEN_REQUIRED_CLAIMS.some((claim) => !Object.hasOwn(payload, claim)))
    return err(invalidToken('missing_claim'));
  const { sub, tid, dev, sid, jti, roles, amr, iat, nbf, exp } = payload;
  const tenantId = parseTenantId(tid);
  if (
    tenantId.isErr() ||
    !isTokenId(sub) ||
    !isTokenId(dev) ||
    !isTokenId(sid) ||
    !isTokenId(jti) ||
    !isNameList(roles, ROLE_NAME_PATTERN, ROLES_MAX) ||
    !isNameList(amr, AUTHENTICATION_METHOD_PATTERN, AUTHENTICATION_METHODS_MAX) ||
    ![iat, nbf, exp].every(Number.isSafeInteger)
  ) {
    return err(invalidToken('malformed'));
  }
  return ok({
    tenantId: tenantId.value,
    userId: sub,
    deviceId: dev,
    sessionId: sid,
    jti,
    roles,
    authenticationMethods: amr,
    issuedAtMs: (iat as number) * 1000,
    notBeforeMs: (nbf as number) * 1000,
    expiresAtMs: (exp as number) * 1000,
  });
}
