import {
  err,
  ok,
  type Result,
  type TenantId,
  type ValidationError,
  validationError,
} from '@strongroom/kernel';
import type { WeakPasswordError } from '../passwords/password-error.js';
import { checkPassword } from '../passwords/password-policy.js';
import { deliver } from '../senders/deliver.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  ANONYMOUS_ACTOR,
  auditInTransaction,
  commandTransaction,
  enforceRateLimit,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
} from '../service/identity-context.js';
import type {
  EmailTakenError,
  IdentityInfrastructureError,
  RateLimitedError,
} from '../service/identity-error.js';
import { EMAIL_VERIFICATION_TTL_MS_DEFAULT } from '../service/identity-limits.js';
import { checkClientAddress } from '../sessions/client-address.js';
import { normalizeEmail } from './email-address.js';
import { emailIndexes } from './email-index.js';
import { parsePhoneNumber } from './phone-number.js';
import { issueSingleUseToken } from './single-use-token.js';
import { NO_MFA, type UserData } from './user-record.js';
import { findUserIdByEmail, saveUser } from './user-store.js';

/** A registration from outside: every field is checked before anything is stored. */
export interface RegisterUserInput {
  readonly tenantId: TenantId;
  readonly email: unknown;
  readonly password: unknown;
  readonly phone?: unknown;
  /** The caller's network address, for the registration rate limit. */
  readonly clientAddress: string;
  readonly request?: IdentityRequestContext;
}

/** A new user, pending verification of their email. */
export interface RegisteredUser {
  readonly userId: string;
  /** False when the sender failed; `resendVerification` can try again. */
  readonly verificationDelivered: boolean;
}

/** Every error of a registration. */
export type RegisterUserError =
  | ValidationError
  | WeakPasswordError
  | EmailTakenError
  | RateLimitedError
  | IdentityInfrastructureError;

/**
 * Registers a user: validates the email, phone and password (NIST SP 800-63B policy), hashes the
 * password with argon2id, encrypts the email and phone for the new user, claims the email's blind
 * index (unique per tenant), and sends a 256-bit verification token that only its hash records.
 */
export async function registerUser(
  context: IdentityContext,
  input: RegisterUserInput,
): Promise<Result<RegisteredUser, RegisterUserError>> {
  const email = normalizeEmail(input.email);
  if (email.isErr()) return err(email.error);
  const phone = input.phone === undefined ? ok(null) : parsePhoneNumber(input.phone);
  if (phone.isErr()) return err(phone.error);
  if (typeof input.password !== 'string') return err(validationError('password', 'not_a_string'));
  const clientAddress = checkClientAddress(input.clientAddress);
  if (clientAddress.isErr()) return err(clientAddress.error);
  const limited = await enforceRateLimit(context, input.tenantId, {
    policy: context.rateLimits.registrationClient,
    key: clientAddress.value,
  });
  if (limited.isErr()) return err(limited.error);
  const password = checkPassword(input.password, {
    email: email.value,
    minimumLength: context.passwordMinimumLength,
  });
  if (password.isErr()) return err(password.error);
  const indexes = await emailIndexes(context, input.tenantId, email.value);
  if (indexes.isErr()) return err(indexes.error);
  const taken = await commandTransaction(context, input.tenantId, async (tx) =>
    ok(await findUserIdByEmail(tx, indexes.value.candidates)),
  );
  if (taken.isErr()) return err(taken.error);
  if (taken.value !== undefined) return err({ type: 'identity.email_taken' });

  const passwordHash = await context.passwordHasher.hash(password.value);
  const userId = context.ids.next('usr');
  const location = { tenantId: input.tenantId, subjectId: userId, recordId: userId };
  const emailEnvelope = await context.fields.encrypt({
    ...location,
    field: 'email',
    value: email.value,
  });
  if (emailEnvelope.isErr()) return err(emailEnvelope.error);
  let phoneEnvelope: string | null = null;
  if (phone.value !== null) {
    const sealed = await context.fields.encrypt({
      ...location,
      field: 'phone',
      value: phone.value,
    });
    if (sealed.isErr()) return err(sealed.error);
    phoneEnvelope = sealed.value;
  }
  const emailIndex = indexes.value.current;
  const now = nowMs(context);
  const user: UserData = {
    status: 'pending_verification',
    emailEnvelope: emailEnvelope.value,
    emailIndex,
    emailVerifiedAtMs: null,
    phoneEnvelope,
    roles: [...context.defaultRoles],
    passwordHash,
    failedLogins: 0,
    lockouts: 0,
    lockedUntilMs: null,
    mfa: NO_MFA,
    createdAtMs: now,
    updatedAtMs: now,
    erasedAtMs: null,
  };
  const committed = await commandTransaction<
    { readonly token: string; readonly expiresAtMs: number },
    RegisterUserError
  >(context, input.tenantId, async (tx) => {
    if ((await findUserIdByEmail(tx, indexes.value.candidates)) !== undefined)
      return err({ type: 'identity.email_taken' } as const);
    await tx.records.put({
      collection: IDENTITY_COLLECTIONS.emails,
      id: emailIndex,
      data: { userId },
      expectedVersion: 0,
    });
    await saveUser(tx, userId, user, 0);
    const token = await issueSingleUseToken(tx, {
      purpose: 'email_verification',
      userId,
      nowMs: now,
      ttlMs: EMAIL_VERIFICATION_TTL_MS_DEFAULT,
    });
    const audited = await auditInTransaction(context, tx, input.request ?? {}, {
      actor: ANONYMOUS_ACTOR,
      action: 'identity.user.registered',
      resource: { type: 'user', id: userId },
      outcome: 'succeeded',
      personal: { subjectId: userId, fields: { email: email.value } },
    });
    if (audited.isErr()) return err(audited.error);
    return ok(token);
  });
  if (committed.isErr()) return err(committed.error);
  const delivered = await deliver(context, {
    kind: 'email_verification',
    channel: 'email',
    tenantId: input.tenantId,
    userId,
    to: email.value,
    secret: committed.value.token,
    expiresAtMs: committed.value.expiresAtMs,
  });
  return ok({ userId, verificationDelivered: delivered });
}
