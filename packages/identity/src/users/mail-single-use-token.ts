import { err, ok, type Result, type TenantId, type ValidationError } from '@strongroom/kernel';
import { deliver } from '../senders/deliver.js';
import {
  ANONYMOUS_ACTOR,
  auditInTransaction,
  commandTransaction,
  enforceRateLimit,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
} from '../service/identity-context.js';
import type { IdentityInfrastructureError, RateLimitedError } from '../service/identity-error.js';
import { normalizeEmail } from './email-address.js';
import { emailIndexes } from './email-index.js';
import { issueSingleUseToken, type SingleUseTokenPurpose } from './single-use-token.js';
import type { UserData } from './user-record.js';
import { findUserIdByEmail, loadUser } from './user-store.js';

/** Every error of asking for a token by email. */
export type MailSingleUseTokenError =
  | ValidationError
  | RateLimitedError
  | IdentityInfrastructureError;

/** What kind of token to mail, to whom it may go, and how the request is audited. */
export interface SingleUseTokenMail {
  readonly purpose: SingleUseTokenPurpose;
  readonly ttlMs: number;
  /** Whether this user may receive it (e.g. not erased; still unverified). */
  readonly eligible: (user: UserData) => boolean;
  /** The audit action, e.g. `identity.password_reset.requested`. */
  readonly action: string;
}

/**
 * Mails a single-use token to an email's owner when they are eligible, and answers the same
 * either way (no enumeration). Limited per address, so nobody floods a mailbox.
 */
export async function mailSingleUseToken(
  context: IdentityContext,
  mail: SingleUseTokenMail,
  input: {
    readonly tenantId: TenantId;
    readonly email: unknown;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<void, MailSingleUseTokenError>> {
  const email = normalizeEmail(input.email);
  if (email.isErr()) return err(email.error);
  const { tenantId } = input;
  const indexes = await emailIndexes(context, tenantId, email.value);
  if (indexes.isErr()) return err(indexes.error);
  const limited = await enforceRateLimit(context, tenantId, {
    policy: context.rateLimits.emailDelivery,
    key: indexes.value.current,
  });
  if (limited.isErr()) return err(limited.error);
  const now = nowMs(context);
  const issued = await commandTransaction(context, tenantId, async (tx) => {
    const userId = await findUserIdByEmail(tx, indexes.value.candidates);
    const user = userId === undefined ? undefined : await loadUser(tx, userId);
    if (user === undefined || !mail.eligible(user.data)) return ok(undefined);
    const token = await issueSingleUseToken(tx, {
      purpose: mail.purpose,
      userId: user.id,
      nowMs: now,
      ttlMs: mail.ttlMs,
    });
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: ANONYMOUS_ACTOR,
      action: mail.action,
      resource: { type: 'user', id: user.id },
      outcome: 'succeeded',
    });
    if (audited.isErr()) return err(audited.error);
    return ok({ userId: user.id, ...token });
  });
  if (issued.isErr()) return err(issued.error);
  if (issued.value !== undefined)
    await deliver(context, {
      kind: mail.purpose,
      channel: 'email',
      tenantId,
      userId: issued.value.userId,
      to: email.value,
      secret: issued.value.token,
      expiresAtMs: issued.value.expiresAtMs,
    });
  return ok(undefined);
}
