import {
  err,
  ok,
  type Result,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import { publishRevocations } from '../devices/manage-devices.js';
import type { WeakPasswordError } from '../passwords/password-policy.js';
import { checkPassword } from '../passwords/password-policy.js';
import type { Revocation } from '../revocation/revocation-list.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type {
  IdentityInfrastructureError,
  InvalidVerificationTokenError,
} from '../service/identity-error.js';
import { PASSWORD_RESET_TTL_MS_DEFAULT } from '../service/identity-limits.js';
import { hashSecretToken, isSecretTokenShape } from '../service/secret-token.js';
import { revokeAllDevicesInTransaction } from '../sessions/revoke-in-transaction.js';
import { type MailSingleUseTokenError, mailSingleUseToken } from './mail-single-use-token.js';
import { consumeSingleUseToken } from './single-use-token.js';
import { loadUser, saveUser } from './user-store.js';

/** Every error of asking for a reset. */
export type RequestPasswordResetError = MailSingleUseTokenError;

/** Every error of setting a new password with a reset token. */
export type ResetPasswordError =
  | ValidationError
  | WeakPasswordError
  | InvalidVerificationTokenError
  | IdentityInfrastructureError;

/**
 * Starts a password reset: when the email belongs to a user who is not erased, a 30-minute token
 * goes to it. The answer is the same whether or not the account exists (no enumeration).
 */
export function requestPasswordReset(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly email: unknown;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<void, RequestPasswordResetError>> {
  return mailSingleUseToken(
    context,
    {
      purpose: 'password_reset',
      ttlMs: PASSWORD_RESET_TTL_MS_DEFAULT,
      eligible: (user) => user.status !== 'erased',
      action: 'identity.password_reset.requested',
    },
    input,
  );
}

/**
 * Sets a new password with a reset token: the token is spent, the password checked against the
 * policy and hashed, a lockout lifted (the owner proved control of the email), and every device
 * signed out, since whoever knew the old password may hold a session.
 */
export async function resetPassword(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly token: unknown;
    readonly newPassword: unknown;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<{ readonly userId: string }, ResetPasswordError>> {
  if (typeof input.newPassword !== 'string')
    return err(validationError('password', 'not_a_string'));
  if (!isSecretTokenShape(input.token))
    return err({ type: 'identity.invalid_verification_token', reason: 'not_found' });
  const { tenantId } = input;
  // The policy refuses a password containing the email, so the email is decrypted first.
  const peek = await commandTransaction(context, tenantId, async (tx) => {
    const record = await tx.records.get(
      IDENTITY_COLLECTIONS.tokens,
      hashSecretToken(String(input.token)),
    );
    const userId = record?.data['userId'];
    return ok(typeof userId === 'string' ? await loadUser(tx, userId) : undefined);
  });
  if (peek.isErr()) return err(peek.error);
  const owner = peek.value;
  let email: string | undefined;
  if (owner?.data.emailEnvelope != null) {
    const opened = await context.fields.decrypt({
      tenantId,
      subjectId: owner.id,
      recordId: owner.id,
      field: 'email',
      envelope: owner.data.emailEnvelope,
    });
    if (opened.isErr()) return err(opened.error);
    email = opened.value;
  }
  const minimumLength = context.passwordMinimumLength;
  const password = checkPassword(
    input.newPassword,
    email === undefined ? { minimumLength } : { email, minimumLength },
  );
  if (password.isErr()) return err(password.error);
  const passwordHash = await context.passwordHasher.hash(password.value);
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction<
    { readonly userId: string; readonly revocations: Revocation[] },
    ResetPasswordError
  >(context, tenantId, async (tx) => {
    const spent = await consumeSingleUseToken(tx, {
      purpose: 'password_reset',
      token: input.token,
      nowMs: now,
    });
    if (spent.isErr()) return err(spent.error);
    const { userId } = spent.value;
    const user = await loadUser(tx, userId, { lock: true });
    if (user === undefined || user.data.status === 'erased')
      return err({ type: 'identity.invalid_verification_token', reason: 'not_found' } as const);
    // The reset token reached the mailbox: that verifies the email and ends a lockout.
    const status =
      user.data.status === 'locked' || user.data.status === 'pending_verification'
        ? 'active'
        : user.data.status;
    await saveUser(
      tx,
      userId,
      {
        ...user.data,
        status,
        passwordHash,
        emailVerifiedAtMs: user.data.emailVerifiedAtMs ?? now,
        failedLogins: 0,
        lockouts: 0,
        lockedUntilMs: null,
        updatedAtMs: now,
      },
      user.version,
    );
    const revocations = await revokeAllDevicesInTransaction(tx, userId, 'password_reset', horizon);
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: userActor(userId),
      action: 'identity.password.reset',
      resource: { type: 'user', id: userId },
      outcome: 'succeeded',
    });
    if (audited.isErr()) return err(audited.error);
    return ok({ userId, revocations });
  });
  if (committed.isErr()) return err(committed.error);
  const published = await publishRevocations(context, tenantId, committed.value.revocations);
  if (published.isErr()) return err(published.error);
  return ok({ userId: committed.value.userId });
}
