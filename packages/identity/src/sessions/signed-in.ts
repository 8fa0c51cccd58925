import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { IdentityContext } from '../service/identity-context.js';
import type { IdentityInfrastructureError } from '../service/identity-error.js';
import type { AccessTokenError } from '../tokens/access-token-error.js';
import type { OpenedSession } from './open-session.js';

/** A completed sign-in: what the client keeps. The refresh token is shown only here. */
export interface SignedIn {
  readonly status: 'signed_in';
  readonly userId: string;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly accessToken: string;
  readonly accessTokenExpiresAtMs: number;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAtMs: number;
}

/**
 * What follows a committed sign-in or refresh: the denylist learns about any session it replaced,
 * then the access token is signed. Both happen after the commit because neither may run twice
 * when a transaction is retried.
 */
export async function issueSignedIn(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly userId: string;
    readonly roles: readonly string[];
    readonly session: OpenedSession;
    readonly authenticationMethods: readonly string[];
  },
): Promise<Result<SignedIn, AccessTokenError | IdentityInfrastructureError>> {
  const { session } = input;
  if (session.revocations.length > 0) {
    const revoked = await context.revocations.revoke(input.tenantId, session.revocations);
    if (revoked.isErr()) return err(revoked.error);
  }
  const access = await context.accessTokens.issue({
    tenantId: input.tenantId,
    userId: input.userId,
    deviceId: session.deviceId,
    sessionId: session.sessionId,
    roles: input.roles,
    authenticationMethods: input.authenticationMethods,
  });
  if (access.isErr()) return err(access.error);
  return ok({
    status: 'signed_in',
    userId: input.userId,
    deviceId: session.deviceId,
    sessionId: session.sessionId,
    accessToken: access.value.token,
    accessTokenExpiresAtMs: access.value.expiresAtMs,
    refreshToken: session.refreshToken,
    refreshTokenExpiresAtMs: session.refreshTokenExpiresAtMs,
  });
}
