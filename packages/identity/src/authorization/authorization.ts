import type { TenantId } from '@strongroom/kernel';
import { checkRoleCatalogue, DEFAULT_ROLES, type RoleCatalogue } from './roles.js';

/** Who is asking: a signed-in user of one tenant and their roles (from a verified access token). */
export interface Principal {
  readonly tenantId: TenantId;
  readonly userId: string;
  readonly roles: readonly string[];
}

/** What is acted on, when the answer depends on it. */
export interface ProtectedResource {
  readonly tenantId: TenantId;
  /** The user the resource belongs to; their own data needs no extra permission. */
  readonly ownerId?: string;
}

/** Role-based access control over one role catalogue. */
export interface Authorization {
  /** Every permission the roles grant (wildcards kept as written). */
  permissionsOf(roles: readonly string[]): ReadonlySet<string>;
  /**
   * Whether the principal may do `permission`, on `resource` if given. Another tenant's resource
   * is always refused, whatever the roles; a user's own resource is allowed for `identity.self.*`.
   */
  can(principal: Principal, permission: string, resource?: ProtectedResource): boolean;
  /** Whether the catalogue defines the role. */
  hasRole(role: string): boolean;
}

function grants(granted: ReadonlySet<string>, permission: string): boolean {
  if (granted.has('*') || granted.has(permission)) return true;
  // `ledger.*` grants `ledger.transfer.create`: try every dotted prefix of the permission.
  let end = permission.lastIndexOf('.');
  while (end > 0) {
    if (granted.has(`${permission.slice(0, end)}.*`)) return true;
    end = permission.lastIndexOf('.', end - 1);
  }
  return false;
}

/** Builds the {@link Authorization} of a catalogue ({@link DEFAULT_ROLES} unless replaced). */
export function createAuthorization(catalogue: RoleCatalogue = DEFAULT_ROLES): Authorization {
  checkRoleCatalogue(catalogue);
  const permissionsOf = (roles: readonly string[]) =>
    new Set(
      roles.flatMap((role) => (Object.hasOwn(catalogue, role) ? (catalogue[role] ?? []) : [])),
    );
  return {
    permissionsOf,
    can(principal, permission, resource) {
      if (resource !== undefined && resource.tenantId !== principal.tenantId) return false;
      if (
        resource?.ownerId !== undefined &&
        resource.ownerId === principal.userId &&
        permission.startsWith('identity.self.')
      )
        return true;
      return grants(permissionsOf(principal.roles), permission);
    },
    hasRole: (role) => Object.hasOwn(catalogue, role),
  };
}
