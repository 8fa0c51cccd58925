import { describe, expect, it } from 'vitest';
import type { LockoutSettings } from '../src/service/identity-context.js';
import { applyPasswordCheck, lockoutCooldownMs } from '../src/sessions/lockout.js';
import { NO_MFA, type UserData } from '../src/users/user-record.js';

const settings: LockoutSettings = { failures: 3, cooldownBaseMs: 60_000, cooldownMaxMs: 600_000 };

const activeUser: UserData = {
  status: 'active',
  emailEnvelope: 'sr1.x',
  emailIndex: 'v1.x',
  emailVerifiedAtMs: 1,
  phoneEnvelope: null,
  roles: [],
  passwordHash: '$argon2id$x',
  failedLogins: 0,
  lockouts: 0,
  lockedUntilMs: null,
  mfa: NO_MFA,
  createdAtMs: 0,
  updatedAtMs: 0,
  erasedAtMs: null,
};

function failTimes(user: UserData, times: number, nowMs: number): UserData {
  let current = user;
  for (let attempt = 0; attempt < times; attempt += 1) {
    const outcome = applyPasswordCheck(current, false, nowMs, settings);
    if (outcome.kind !== 'failed')
      throw new Error(`expected a counted failure, got ${outcome.kind}`);
    current = outcome.user;
  }
  return current;
}

describe('lockout', () => {
  it('doubles the cooldown with each lockout in a row, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 60].map((lockouts) => lockoutCooldownMs(lockouts, settings))).toEqual([
      60_000, 120_000, 240_000, 480_000, 600_000, 600_000,
    ]);
  });

  it('locks after the configured consecutive failures and refuses even the right password until the cooldown ends', () => {
    const locked = failTimes(activeUser, 3, 1_000);
    expect(locked).toMatchObject({
      status: 'locked',
      failedLogins: 0,
      lockouts: 1,
      lockedUntilMs: 61_000,
    });
    expect(applyPasswordCheck(locked, true, 60_999, settings)).toEqual({ kind: 'refused' });
    // A failure during the cooldown is not counted: it cannot extend the lockout.
    expect(applyPasswordCheck(locked, false, 30_000, settings)).toEqual({ kind: 'refused' });
    const after = applyPasswordCheck(locked, true, 61_000, settings);
    expect(after).toMatchObject({
      kind: 'accepted',
      user: { status: 'active', lockouts: 0, lockedUntilMs: null },
    });
  });

  it('gives a second lockout in a row a longer cooldown', () => {
    const first = failTimes(activeUser, 3, 0);
    const second = failTimes(first, 3, 60_000);
    expect(second).toMatchObject({
      status: 'locked',
      lockouts: 2,
      lockedUntilMs: 60_000 + 120_000,
    });
  });

  it('keeps a suspension: failures neither count nor lock, the right password is told suspended', () => {
    const suspended: UserData = { ...activeUser, status: 'suspended' };
    expect(applyPasswordCheck(suspended, false, 0, settings)).toEqual({ kind: 'refused' });
    expect(applyPasswordCheck(suspended, true, 0, settings)).toEqual({ kind: 'suspended' });
  });

  it('returns an unverified user to pending verification when a lockout ends', () => {
    const pending: UserData = {
      ...activeUser,
      status: 'pending_verification',
      emailVerifiedAtMs: null,
    };
    const locked = failTimes(pending, 3, 0);
    expect(applyPasswordCheck(locked, true, 60_000, settings)).toEqual({ kind: 'unverified' });
    const wrongAfter = applyPasswordCheck(locked, false, 60_000, settings);
    expect(wrongAfter).toMatchObject({
      kind: 'failed',
      user: { status: 'pending_verification', failedLogins: 1 },
    });
  });
});
