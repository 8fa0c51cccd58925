import { type AuditActor, eraseAuditSubject } from '@strongroom/audit';
import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { SubjectErasureError } from '@strongroom/vault';
import { publishRevocations } from '../devices/manage-devices.js';
import type { Revocation } from '../revocation/revocation-list.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
} from '../service/identity-context.js';
import type { IdentityInfrastructureError, UserNotFoundError } from '../service/identity-error.js';
import { revokeAllDevicesInTransaction } from '../sessions/revoke-in-transaction.js';
import { NO_MFA } from './user-record.js';
import { loadUser, saveUser } from './user-store.js';

/** What an erasure did; `erased: false` when the user was already erased (idempotent). */
export interface UserErasure {
  readonly userId: string;
  readonly erased: boolean;
}

/** Every error of an erasure. */
export type EraseUserError = UserNotFoundError | SubjectErasureError | IdentityInfrastructureError;

/**
 * Erases a user (GDPR art. 17). The record becomes a tombstone under the same id, so ledger
 * entries, disputes and audit leaves that name the user stay valid; everything personal goes:
 * the email's blind index and every envelope are dropped, the password hash and second factors
 * removed, every device signed out and denied, the audit log's commitments made unlinkable, and
 * finally the user's vault key destroyed, which crypto-shreds any copy of their data elsewhere
 * (backups, replicas, exports of ciphertext). Safe to run again after a partial failure.
 */
export async function eraseUser(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly userId: string;
    readonly actor: AuditActor;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<UserErasure, EraseUserError>> {
  const { tenantId, userId } = input;
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction<
    { readonly erased: boolean; readonly revocations: Revocation[] },
    EraseUserError
  >(context, tenantId, async (tx) => {
    const user = await loadUser(tx, userId, { lock: true });
    if (user === undefined) return err({ type: 'identity.user_not_found' } as const);
    const revocations = await revokeAllDevicesInTransaction(tx, userId, 'user_erased', horizon);
    revocations.push({ kind: 'user', id: userId, expiresAtMs: horizon.expiresAtMs });
    if (user.data.status === 'erased') return ok({ erased: false, revocations });
    if (user.data.emailIndex !== null) {
      const claim = await tx.records.get(IDENTITY_COLLECTIONS.emails, user.data.emailIndex);
      if (claim !== undefined && claim.data['userId'] === userId)
        await tx.records.delete({
          collection: IDENTITY_COLLECTIONS.emails,
          id: user.data.emailIndex,
          expectedVersion: claim.version,
        });
    }
    await saveUser(
      tx,
      userId,
      {
        ...user.data,
        status: 'erased',
        emailEnvelope: null,
        emailIndex: null,
        phoneEnvelope: null,
        roles: [],
        passwordHash: null,
        failedLogins: 0,
        lockouts: 0,
        lockedUntilMs: null,
        mfa: NO_MFA,
        updatedAtMs: now,
        erasedAtMs: now,
      },
      user.version,
    );
    await eraseAuditSubject(tx, userId);
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: input.actor,
      action: 'identity.user.erased',
      resource: { type: 'user', id: userId },
      outcome: 'succeeded',
    });
    if (audited.isErr()) return err(audited.error);
    return ok({ erased: true, revocations });
  });
  if (committed.isErr()) return err(committed.error);
  const shredded = await context.fields.eraseSubject(tenantId, userId, input.actor);
  if (shredded.isErr()) return err(shredded.error);
  const published = await publishRevocations(context, tenantId, committed.value.revocations);
  if (published.isErr()) return err(published.error);
  return ok({ userId, erased: committed.value.erased });
}
