import type { LockoutSettings } from '../service/identity-context.js';
import type { UserData } from '../users/user-record.js';

/** What a password check does to an account. */
export type PasswordCheckOutcome =
  /** Locked and cooling down, or suspended with a wrong password: refused, nothing counted. */
  | { readonly kind: 'refused' }
  /** Wrong password: counted; `lockedNow` when this failure started a lockout. */
  | { readonly kind: 'failed'; readonly user: UserData; readonly lockedNow: boolean }
  | { readonly kind: 'suspended' }
  | { readonly kind: 'unverified' }
  /** Right password on a usable account: failures forgotten, an ended lockout lifted. */
  | { readonly kind: 'accepted'; readonly user: UserData };

/**
 * The cooldown of the `lockouts`-th lockout in a row: the base, doubled each time, capped. Growing
 * cooldowns slow a guesser down exponentially while a user who mistyped waits a minute.
 */
export function lockoutCooldownMs(lockouts: number, settings: LockoutSettings): number {
  const doublings = Math.min(lockouts, 30);
  return Math.min(settings.cooldownBaseMs * 2 ** doublings, settings.cooldownMaxMs);
}

/**
 * Applies one password check to a user: the lockout rule of OWASP ASVS 5 (a limit of consecutive
 * failures, then a growing cooldown). A failure while locked is not counted, so an attacker cannot
 * extend a lockout forever; a success resets both counters.
 */
export function applyPasswordCheck(
  user: UserData,
  passwordMatches: boolean,
  nowMs: number,
  settings: LockoutSettings,
): PasswordCheckOutcome {
  if (user.status === 'locked' && user.lockedUntilMs !== null && nowMs < user.lockedUntilMs)
    return { kind: 'refused' };
  // A suspension is lifted by an operator only: failures neither count nor turn it into a lockout.
  if (user.status === 'suspended')
    return passwordMatches ? { kind: 'suspended' } : { kind: 'refused' };
  const unlocked: UserData =
    user.status === 'locked'
      ? {
          ...user,
          status: user.emailVerifiedAtMs === null ? 'pending_verification' : 'active',
          lockedUntilMs: null,
        }
      : user;
  if (!passwordMatches) {
    const failedLogins = unlocked.failedLogins + 1;
    if (failedLogins < settings.failures)
      return {
        kind: 'failed',
        user: { ...unlocked, failedLogins, updatedAtMs: nowMs },
        lockedNow: false,
      };
    return {
      kind: 'failed',
      lockedNow: true,
      user: {
        ...unlocked,
        status: 'locked',
        failedLogins: 0,
        lockouts: unlocked.lockouts + 1,
        lockedUntilMs: nowMs + lockoutCooldownMs(unlocked.lockouts, settings),
        updatedAtMs: nowMs,
      },
    };
  }
  if (unlocked.status === 'pending_verification') return { kind: 'unverified' };
  return {
    kind: 'accepted',
    user: { ...unlocked, failedLogins: 0, lockouts: 0, updatedAtMs: nowMs },
  };
}
