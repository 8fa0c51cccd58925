import { assert } from '@strongroom/kernel';
import { PERMISSION_MAX_LENGTH, PERMISSION_PATTERN } from './permissions.js';

/** Role name → the permissions it grants. An application may replace the whole catalogue. */
export type RoleCatalogue = Readonly<Record<string, readonly string[]>>;

/** Most roles a catalogue defines, and most roles one user holds. */
export const ROLES_MAX = 64;

/** Valid role names. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * The roles a tenant starts with. `admin` may do everything; `operator` runs the money and card
 * operations but cannot see full card numbers or erase people; `viewer` reads; `auditor` reads the
 * audit log and users, for compliance reviews.
 */
export const DEFAULT_ROLES: RoleCatalogue = {
  admin: ['*'],
  operator: [
    'ledger.*',
    'disputes.*',
    'vault.card.tokenize',
    'vault.card.reveal_masked',
    'identity.user.read',
    'identity.device.revoke',
  ],
  viewer: ['ledger.read', 'disputes.read', 'vault.card.reveal_masked', 'identity.user.read'],
  auditor: ['audit.*', 'identity.user.read', 'ledger.read'],
};

/** Asserts a catalogue is well formed: catalogues are code, so a bad one is a bug. */
export function checkRoleCatalogue(catalogue: RoleCatalogue): void {
  const names = Object.keys(catalogue);
  assert(names.length <= ROLES_MAX, 'a role catalogue defines at most 64 roles');
  for (const name of names) {
    assert(ROLE_NAME_PATTERN.test(name), 'role names are lowercase words');
    for (const permission of catalogue[name] ?? []) {
      assert(
        permission.length <= PERMISSION_MAX_LENGTH && PERMISSION_PATTERN.test(permission),
        'permissions are dotted lowercase names, optionally ending in .*',
      );
    }
  }
}
