import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { Revocation } from '../revocation/revocation-list.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type {
  IdentityInfrastructureError,
  InvalidRefreshTokenError,
  RefreshTokenReusedError,
} from '../service/identity-error.js';
import {
  generateSecretToken,
  hashSecretToken,
  isSecretTokenShape,
} from '../service/secret-token.js';
import type { AccessTokenError } from '../tokens/access-token-error.js';
import { loadUser } from '../users/user-store.js';
import { revokeSessionInTransaction } from './revoke-in-transaction.js';
import type { SessionData } from './session-record.js';
import { issueSignedIn, type SignedIn } from './signed-in.js';

/** Every error of a refresh. */
export type RefreshError =
  | InvalidRefreshTokenError
  | RefreshTokenReusedError
  | AccessTokenError
  | IdentityInfrastructureError;

/** What the refresh transaction decided. */
type RefreshCommit =
  | { readonly kind: 'reused'; readonly revocations: readonly Revocation[] }
  | {
      readonly kind: 'rotated';
      readonly session: SessionData;
      readonly sessionId: string;
      readonly roles: readonly string[];
    };

function invalid(reason: InvalidRefreshTokenError['reason']): InvalidRefreshTokenError {
  return { type: 'identity.invalid_refresh_token', reason };
}

/**
 * Exchanges a refresh token for a new access token and a new refresh token (rotation on every use,
 * RFC 9700 §4.14.2). The old token stays on record as rotated: if it ever comes back, someone holds
 * a copy, so the whole family (the session) is revoked and both parties must sign in again.
 */
export async function refreshSession(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly refreshToken: unknown;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<SignedIn, RefreshError>> {
  if (!isSecretTokenShape(input.refreshToken)) return err(invalid('malformed'));
  const presentedHash = hashSecretToken(input.refreshToken);
  const { tenantId } = input;
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const nextToken = generateSecretToken();
  const nextHash = hashSecretToken(nextToken);
  const committed = await commandTransaction<RefreshCommit, RefreshError>(
    context,
    tenantId,
    async (tx) => {
      const token = await tx.records.get(IDENTITY_COLLECTIONS.refreshTokens, presentedHash);
      if (token === undefined) return err(invalid('not_found'));
      const sessionId = String(token.data['sessionId']);
      const [sessionRecord] = await tx.records.getMany(IDENTITY_COLLECTIONS.sessions, [sessionId], {
        lock: true,
      });
      if (sessionRecord === undefined) return err(invalid('not_found'));
      const session = sessionRecord.data as SessionData;
      if (session.revokedAtMs !== null) return err(invalid('revoked'));
      if (now >= session.expiresAtMs) return err(invalid('expired'));
      const audit = (action: string, outcome: 'succeeded' | 'denied') =>
        auditInTransaction(context, tx, input.request ?? {}, {
          actor: userActor(session.userId),
          action,
          resource: { type: 'session', id: sessionId },
          outcome,
          details: { deviceId: session.deviceId, generation: session.generation },
        });
      if (session.currentTokenHash !== presentedHash) {
        const revocations = await revokeSessionInTransaction(
          tx,
          sessionId,
          'refresh_token_reused',
          horizon,
        );
        const audited = await audit('identity.refresh_token.reused', 'denied');
        if (audited.isErr()) return err(audited.error);
        return ok({ kind: 'reused', revocations } as const);
      }
      const user = await loadUser(tx, session.userId);
      if (user === undefined || user.data.status === 'erased' || user.data.status === 'suspended')
        return err(invalid('revoked'));
      const generation = session.generation + 1;
      await tx.records.put({
        collection: IDENTITY_COLLECTIONS.sessions,
        id: sessionId,
        data: { ...session, currentTokenHash: nextHash, generation, lastRefreshedAtMs: now },
        expectedVersion: sessionRecord.version,
      });
      await tx.records.put({
        collection: IDENTITY_COLLECTIONS.refreshTokens,
        id: nextHash,
        data: { sessionId, generation, expiresAtMs: session.expiresAtMs },
        expectedVersion: 0,
      });
      const audited = await audit('identity.session.refreshed', 'succeeded');
      if (audited.isErr()) return err(audited.error);
      return ok({ kind: 'rotated', session, sessionId, roles: user.data.roles } as const);
    },
  );
  if (committed.isErr()) return err(committed.error);
  const result = committed.value;
  if (result.kind === 'reused') {
    const revoked = await context.revocations.revoke(tenantId, result.revocations);
    if (revoked.isErr()) return err(revoked.error);
    return err({ type: 'identity.refresh_token_reused' });
  }
  return issueSignedIn(context, {
    tenantId,
    userId: result.session.userId,
    roles: result.roles,
    authenticationMethods: result.session.authenticationMethods,
    session: {
      sessionId: result.sessionId,
      deviceId: result.session.deviceId,
      refreshToken: nextToken,
      refreshTokenExpiresAtMs: result.session.expiresAtMs,
      revocations: [],
    },
  });
}
