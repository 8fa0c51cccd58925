import {
  assert,
  err,
  ok,
  type Result,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { DeviceRecord } from '../devices/device-record.js';
import {
  checkDeviceInput,
  type DeviceInput,
  loadPresentedDevice,
  prepareDevice,
} from '../devices/prepare-device.js';
import { isLegacyBcryptHash } from '../passwords/legacy-bcrypt.js';
import { normalizePassword } from '../passwords/password-policy.js';
import {
  auditInTransaction,
  commandTransaction,
  enforceRateLimit,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type {
  AccountSuspendedError,
  EmailNotVerifiedError,
  IdentityInfrastructureError,
  InvalidCredentialsError,
  RateLimitedError,
} from '../service/identity-error.js';
import type { AccessTokenError } from '../tokens/access-token-error.js';
import { normalizeEmail } from '../users/email-address.js';
import { emailIndexes, moveEmailClaim } from '../users/email-index.js';
import { hasSecondFactor, type UserRecord } from '../users/user-record.js';
import { findUserIdByEmail, loadUser, saveUser } from '../users/user-store.js';
import { checkClientAddress } from './client-address.js';
import { applyPasswordCheck, type PasswordCheckOutcome } from './lockout.js';
import { createMfaChallenge, type MfaMethod, mfaMethodsOf } from './mfa-challenge.js';
import { notifyLocked } from './notify-locked.js';
import { type OpenedSession, openSession } from './open-session.js';
import { issueSignedIn, type SignedIn } from './signed-in.js';

/** Longest password input read at all; longer is refused before hashing (a hashing DoS guard). */
export const LOGIN_PASSWORD_MAX_LENGTH = 1024;

/** A sign-in with email and password. */
export interface LoginInput {
  readonly tenantId: TenantId;
  readonly email: unknown;
  readonly password: unknown;
  readonly device: DeviceInput;
  /** The caller's network address, for the per-address rate limit. */
  readonly clientAddress: string;
  readonly request?: IdentityRequestContext;
}

/** The password was right; a second factor must follow with `mfaToken` within five minutes. */
export interface MfaRequired {
  readonly status: 'mfa_required';
  readonly mfaToken: string;
  readonly expiresAtMs: number;
  readonly methods: readonly MfaMethod[];
}

/** Every error of a password sign-in. */
export type LoginError =
  | ValidationError
  | InvalidCredentialsError
  | EmailNotVerifiedError
  | AccountSuspendedError
  | RateLimitedError
  | AccessTokenError
  | IdentityInfrastructureError;

/** What the login transaction decided. */
type LoginCommit =
  | Exclude<PasswordCheckOutcome, { readonly kind: 'accepted' }>
  | {
      readonly kind: 'mfa';
      readonly challenge: { readonly mfaToken: string; readonly expiresAtMs: number };
      readonly methods: readonly MfaMethod[];
    }
  | {
      readonly kind: 'session';
      readonly session: OpenedSession;
      readonly roles: readonly string[];
      /** The account had failed checks since its last sign-in: its rate-limit window is forgiven. */
      readonly forgiveFailures: boolean;
    };

const INVALID_CREDENTIALS: InvalidCredentialsError = { type: 'identity.invalid_credentials' };

// The account and the device the client presented, in one read before the password is checked.
async function findUser(
  context: IdentityContext,
  tenantId: TenantId,
  indexes: readonly string[],
  device: DeviceInput,
): Promise<
  Result<
    { readonly user: UserRecord | undefined; readonly presented: DeviceRecord | undefined },
    IdentityInfrastructureError
  >
> {
  return commandTransaction(context, tenantId, async (tx) => {
    const userId = await findUserIdByEmail(tx, indexes);
    if (userId === undefined) return ok({ user: undefined, presented: undefined });
    // Asked for at once: a storage that sends the reads of one tick together makes them in one
    // round trip.
    const [user, presented] = await Promise.all([
      loadUser(tx, userId),
      loadPresentedDevice(tx, device),
    ]);
    return ok({ user, presented });
  });
}

/**
 * Signs a user in with email and password: rate limits per account and per address, the same
 * error and the same hashing work for an unknown email, a wrong password and a locked account,
 * lockout after consecutive failures, a rehash when the hashing parameters changed (and the
 * upgrade of a legacy bcrypt hash), then either a session or a second-factor challenge.
 */
export async function login(
  context: IdentityContext,
  input: LoginInput,
): Promise<Result<SignedIn | MfaRequired, LoginError>> {
  const email = normalizeEmail(input.email);
  if (email.isErr()) return err(email.error);
  if (typeof input.password !== 'string') return err(validationError('password', 'not_a_string'));
  if (input.password.length > LOGIN_PASSWORD_MAX_LENGTH) return err(INVALID_CREDENTIALS);
  const device = checkDeviceInput(input.device);
  if (device.isErr()) return err(device.error);
  const clientAddress = checkClientAddress(input.clientAddress);
  if (clientAddress.isErr()) return err(clientAddress.error);
  const { tenantId } = input;
  const indexes = await emailIndexes(context, tenantId, email.value);
  if (indexes.isErr()) return err(indexes.error);
  const accountKey = indexes.value.current;
  const limited = await enforceRateLimit(
    context,
    tenantId,
    { policy: context.rateLimits.loginAccount, key: accountKey },
    { policy: context.rateLimits.loginClient, key: clientAddress.value },
  );
  if (limited.isErr()) return err(limited.error);
  const password = normalizePassword(input.password);
  const found = await findUser(context, tenantId, indexes.value.candidates, input.device);
  if (found.isErr()) return err(found.error);
  const { user, presented } = found.value;
  if (user === undefined || user.data.passwordHash === null) {
    // Same work as a real check, so timing does not tell which emails have accounts.
    await context.passwordHasher.verify(await context.dummyPasswordHash(), password);
    return err(INVALID_CREDENTIALS);
  }
  // A legacy bcrypt hash was made by another system from the password as typed, not normalized.
  const typed = isLegacyBcryptHash(user.data.passwordHash) ? input.password : password;
  const matches = await context.passwordHasher.verify(user.data.passwordHash, typed);
  const rehash =
    matches && context.passwordHasher.needsRehash(user.data.passwordHash)
      ? await context.passwordHasher.hash(password)
      : null;
  const prepared = matches
    ? await prepareDevice(context, tenantId, user.id, input.device, presented)
    : ok(null);
  if (prepared.isErr()) return err(prepared.error);
  const request = input.request ?? {};
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction<LoginCommit, LoginError>(
    context,
    tenantId,
    async (tx) => {
      const current = await loadUser(tx, user.id, { lock: true });
      if (current === undefined) return ok({ kind: 'refused' } as const);
      const outcome = applyPasswordCheck(current.data, matches, now, context.lockout);
      const audit = (action: string, outcome: 'succeeded' | 'failed' | 'denied', details = {}) =>
        auditInTransaction(context, tx, request, {
          actor: userActor(user.id),
          action,
          resource: { type: 'user', id: user.id },
          outcome,
          details,
        });
      if (outcome.kind !== 'accepted') {
        if (outcome.kind === 'failed') await saveUser(tx, user.id, outcome.user, current.version);
        const audited = await audit('identity.login.failed', 'failed', {
          reason: outcome.kind,
          // An instant, not epoch milliseconds: one in four of those passes the audit log's
          // card-number guard, which would refuse the lock itself.
          ...(outcome.kind === 'failed' && outcome.lockedNow && outcome.user.lockedUntilMs !== null
            ? { lockedUntil: new Date(outcome.user.lockedUntilMs).toISOString() }
            : {}),
        });
        if (audited.isErr()) return err(audited.error);
        return ok(outcome);
      }
      const device = prepared.value;
      assert(device !== null, 'a matching password had its device prepared');
      const rehashed = rehash === null ? outcome.user : { ...outcome.user, passwordHash: rehash };
      const claimed = rehashed.emailIndex;
      const emailIndex =
        claimed === null ? null : await moveEmailClaim(tx, user.id, claimed, indexes.value.current);
      const next = { ...rehashed, emailIndex };
      await saveUser(tx, user.id, next, current.version);
      if (hasSecondFactor(next.mfa)) {
        const challenge = await createMfaChallenge(tx, { userId: user.id, device, nowMs: now });
        const audited = await audit('identity.login.password_accepted', 'succeeded', {
          rehashed: rehash !== null,
          reindexed: emailIndex !== claimed,
        });
        if (audited.isErr()) return err(audited.error);
        return ok({ kind: 'mfa', challenge, methods: mfaMethodsOf(next.mfa) } as const);
      }
      const session = await openSession(context, tx, {
        userId: user.id,
        device,
        authenticationMethods: ['pwd'],
        horizon,
      });
      if (session.isErr()) return err(session.error);
      const audited = await audit('identity.login.succeeded', 'succeeded', {
        deviceId: session.value.deviceId,
        sessionId: session.value.sessionId,
        rehashed: rehash !== null,
        reindexed: emailIndex !== claimed,
      });
      if (audited.isErr()) return err(audited.error);
      return ok({
        kind: 'session',
        session: session.value,
        roles: next.roles,
        forgiveFailures: current.data.failedLogins > 0 || current.data.lockouts > 0,
      } as const);
    },
  );
  if (committed.isErr()) return err(committed.error);
  const result = committed.value;
  switch (result.kind) {
    case 'refused':
      return err(INVALID_CREDENTIALS);
    case 'failed':
      if (result.lockedNow) await notifyLocked(context, tenantId, user);
      return err(INVALID_CREDENTIALS);
    case 'suspended':
      return err({ type: 'identity.account_suspended' });
    case 'unverified':
      return err({ type: 'identity.email_not_verified' });
    case 'mfa':
      return ok({ status: 'mfa_required', ...result.challenge, methods: result.methods });
    case 'session': {
      // After failed checks, forgive the account's earlier attempts of the window, so that a user
      // who mistyped is not held back at the next sign-in. Without failures there is nothing to
      // forgive (the attempts were sign-ins, which the policy counts), and neither when this was
      // the window's only attempt: the store is spared a write on the common path. A reset that
      // fails leaves the count as it is; the sign-in stands.
      const [account] = limited.value;
      assert(account !== undefined, 'the account limit was the first consumed');
      if (result.forgiveFailures && account.remaining < account.limit - 1)
        await context.rateLimiter.reset(tenantId, context.rateLimits.loginAccount, accountKey);
      return issueSignedIn(context, {
        tenantId,
        userId: user.id,
        roles: result.roles,
        session: result.session,
        authenticationMethods: ['pwd'],
      });
    }
  }
}
