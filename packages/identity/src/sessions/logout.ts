import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import { publishRevocations } from '../devices/manage-devices.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type { IdentityInfrastructureError } from '../service/identity-error.js';
import { revokeSessionInTransaction } from './revoke-in-transaction.js';

/**
 * Ends the session an access token belongs to: its refresh tokens stop working and the session's
 * live access tokens, this one included, are denied until they expire. The device stays known,
 * so the next sign-in from it is recognised.
 */
export async function logout(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly userId: string;
    readonly sessionId: string;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<void, IdentityInfrastructureError>> {
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction(context, input.tenantId, async (tx) => {
    const revocations = await revokeSessionInTransaction(tx, input.sessionId, 'logout', horizon);
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: userActor(input.userId),
      action: 'identity.session.ended',
      resource: { type: 'session', id: input.sessionId },
      outcome: 'succeeded',
    });
    if (audited.isErr()) return err(audited.error);
    return ok(revocations);
  });
  if (committed.isErr()) return err(committed.error);
  return publishRevocations(context, input.tenantId, committed.value);
}
