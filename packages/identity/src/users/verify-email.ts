import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
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
  UserErasedError,
} from '../service/identity-error.js';
import { EMAIL_VERIFICATION_TTL_MS_DEFAULT } from '../service/identity-limits.js';
import { type MailSingleUseTokenError, mailSingleUseToken } from './mail-single-use-token.js';
import { consumeSingleUseToken } from './single-use-token.js';
import { loadUser, saveUser } from './user-store.js';

/** Every error of an email verification. */
export type VerifyEmailError =
  | InvalidVerificationTokenError
  | UserErasedError
  | IdentityInfrastructureError;

/**
 * Confirms a user's email with the token sent at registration: the token is spent and a pending
 * user becomes active, in one transaction. A locked or suspended user keeps that status.
 */
export async function verifyEmail(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly token: unknown;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<{ readonly userId: string }, VerifyEmailError>> {
  const now = nowMs(context);
  return commandTransaction(context, input.tenantId, async (tx) => {
    const spent = await consumeSingleUseToken(tx, {
      purpose: 'email_verification',
      token: input.token,
      nowMs: now,
    });
    if (spent.isErr()) return err(spent.error);
    const { userId } = spent.value;
    const user = await loadUser(tx, userId, { lock: true });
    if (user === undefined || user.data.status === 'erased')
      return err({ type: 'identity.user_erased' } as const);
    await saveUser(
      tx,
      userId,
      {
        ...user.data,
        status: user.data.status === 'pending_verification' ? 'active' : user.data.status,
        emailVerifiedAtMs: user.data.emailVerifiedAtMs ?? now,
        updatedAtMs: now,
      },
      user.version,
    );
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: userActor(userId),
      action: 'identity.email.verified',
      resource: { type: 'user', id: userId },
      outcome: 'succeeded',
    });
    if (audited.isErr()) return err(audited.error);
    return ok({ userId });
  });
}

/**
 * Sends a new verification token to a user who has not verified their email yet (the first may
 * have been lost or expired); the answer is the same for any other email (no enumeration).
 */
export function resendVerification(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly email: unknown;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<void, MailSingleUseTokenError>> {
  return mailSingleUseToken(
    context,
    {
      purpose: 'email_verification',
      ttlMs: EMAIL_VERIFICATION_TTL_MS_DEFAULT,
      eligible: (user) => user.status !== 'erased' && user.emailVerifiedAtMs === null,
      action: 'identity.email_verification.resent',
    },
    input,
  );
}
