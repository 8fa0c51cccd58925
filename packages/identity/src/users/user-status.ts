/**
 * Where a user is in their lifecycle. `pending_verification` until the email is confirmed;
 * `locked` after too many failed logins, until the cooldown ends; `suspended` by an operator;
 * `erased` for good (a tombstone that keeps ledger and audit references valid).
 */
export type UserStatus = 'pending_verification' | 'active' | 'locked' | 'suspended' | 'erased';

/** Every {@link UserStatus}. */
export const USER_STATUSES: readonly UserStatus[] = [
  'pending_verification',
  'active',
  'locked',
  'suspended',
  'erased',
];
