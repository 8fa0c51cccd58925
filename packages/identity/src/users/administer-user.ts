import type { AuditActor } from '@strongroom/audit';
import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import { ROLES_MAX } from '../authorization/roles.js';
import { publishRevocations } from '../devices/manage-devices.js';
import type { Revocation } from '../revocation/revocation-list.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
} from '../service/identity-context.js';
import type {
  IdentityInfrastructureError,
  UnknownRoleError,
  UserErasedError,
  UserNotFoundError,
} from '../service/identity-error.js';
import { revokeAllDevicesInTransaction } from '../sessions/revoke-in-transaction.js';
import type { UserData } from './user-record.js';
import { loadUser, saveUser } from './user-store.js';

/** An operator's change to a user account. */
export type UserAdministration =
  | { readonly kind: 'assign_roles'; readonly roles: readonly string[] }
  | { readonly kind: 'suspend' }
  | { readonly kind: 'reinstate' };

/** Every error of an administrative change. */
export type AdministerUserError =
  | UnknownRoleError
  | UserNotFoundError
  | UserErasedError
  | IdentityInfrastructureError;

function applyChange(user: UserData, change: UserAdministration, now: number): UserData {
  switch (change.kind) {
    case 'assign_roles':
      return { ...user, roles: [...new Set(change.roles)], updatedAtMs: now };
    case 'suspend':
      return { ...user, status: 'suspended', updatedAtMs: now };
    case 'reinstate':
      return {
        ...user,
        status: user.emailVerifiedAtMs === null ? 'pending_verification' : 'active',
        failedLogins: 0,
        lockouts: 0,
        lockedUntilMs: null,
        updatedAtMs: now,
      };
  }
}

/**
 * Assigns roles, suspends or reinstates a user. Suspension signs every device out and denies the
 * user's live access tokens; new roles apply to access tokens issued from then on (within one
 * access-token lifetime everywhere).
 */
export async function administerUser(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly userId: string;
    readonly change: UserAdministration;
    readonly actor: AuditActor;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<void, AdministerUserError>> {
  const { change, tenantId, userId } = input;
  if (change.kind === 'assign_roles') {
    const unknown = change.roles.find((role) => !context.authorization.hasRole(role));
    if (unknown !== undefined)
      return err({ type: 'identity.unknown_role', role: unknown.slice(0, 40) });
    if (change.roles.length > ROLES_MAX)
      return err({ type: 'identity.unknown_role', role: 'too_many' });
  }
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction<Revocation[], AdministerUserError>(
    context,
    tenantId,
    async (tx) => {
      const user = await loadUser(tx, userId, { lock: true });
      if (user === undefined) return err({ type: 'identity.user_not_found' } as const);
      if (user.data.status === 'erased') return err({ type: 'identity.user_erased' } as const);
      await saveUser(tx, userId, applyChange(user.data, change, now), user.version);
      const revocations: Revocation[] = [];
      if (change.kind === 'suspend') {
        // Every access token names its device, so denying the devices denies them all, and a
        // reinstated user can sign in again at once (a `user` entry would deny them until it expires).
        revocations.push(
          ...(await revokeAllDevicesInTransaction(tx, userId, 'user_suspended', horizon)),
        );
      }
      const audited = await auditInTransaction(context, tx, input.request ?? {}, {
        actor: input.actor,
        action: `identity.user.${change.kind === 'assign_roles' ? 'roles_assigned' : change.kind === 'suspend' ? 'suspended' : 'reinstated'}`,
        resource: { type: 'user', id: userId },
        outcome: 'succeeded',
        ...(change.kind === 'assign_roles' ? { details: { roles: [...change.roles] } } : {}),
      });
      if (audited.isErr()) return err(audited.error);
      return ok(revocations);
    },
  );
  if (committed.isErr()) return err(committed.error);
  return publishRevocations(context, tenantId, committed.value);
}
