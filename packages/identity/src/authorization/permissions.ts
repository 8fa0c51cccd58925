/**
 * The permissions identity checks. Other domains name theirs the same way (`vault.card.reveal_full`,
 * `ledger.transfer.create`); a role may grant a whole domain with a trailing `.*`.
 */
export const IDENTITY_PERMISSIONS = {
  readUser: 'identity.user.read',
  manageUser: 'identity.user.manage',
  assignRoles: 'identity.user.assign_roles',
  eraseUser: 'identity.user.erase',
  exportUser: 'identity.user.export',
  revokeDevice: 'identity.device.revoke',
  rotateSigningKey: 'identity.signing_key.rotate',
} as const;

/** One of {@link IDENTITY_PERMISSIONS}. */
export type IdentityPermission = (typeof IDENTITY_PERMISSIONS)[keyof typeof IDENTITY_PERMISSIONS];

/** Longest permission name. */
export const PERMISSION_MAX_LENGTH = 100;

/** A permission (`domain.resource.action`) or a grant of a whole namespace (`ledger.*`, `*`). */
export const PERMISSION_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
