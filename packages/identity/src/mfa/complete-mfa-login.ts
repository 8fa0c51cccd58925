import {
  err,
  type JsonObject,
  ok,
  type Result,
  type StorageTransaction,
  type TenantId,
  type ValidationError,
} from '@strongroom/kernel';
import type { PasskeyFailedError } from '../passkeys/passkey-error.js';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import {
  auditInTransaction,
  commandTransaction,
  enforceRateLimit,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type { IdentityInfrastructureError, RateLimitedError } from '../service/identity-error.js';
import { MFA_CHALLENGE_ATTEMPTS_MAX } from '../service/identity-limits.js';
import { hashSecretToken, isSecretTokenShape } from '../service/secret-token.js';
import type { MfaChallengeData, MfaMethod } from '../sessions/mfa-challenge.js';
import { type OpenedSession, openSession } from '../sessions/open-session.js';
import { issueSignedIn, type SignedIn } from '../sessions/signed-in.js';
import type { AccessTokenError } from '../tokens/access-token-error.js';
import type { UserData, UserRecord } from '../users/user-record.js';
import { loadUser, saveUser } from '../users/user-store.js';
import { type InvalidMfaCodeError, invalidMfaCode, type MfaNotEnrolledError } from './mfa-error.js';

/** A second factor's verdict on a pending login: the user's new state, or why it failed. */
export type SecondFactorCheck =
  | { readonly valid: true; readonly user: UserData; readonly challenge?: MfaChallengeData }
  | {
      readonly valid: false;
      readonly error: InvalidMfaCodeError | MfaNotEnrolledError;
      readonly challenge?: MfaChallengeData;
    };

/** Checks one answer against the loaded user and challenge, inside the completing transaction. */
export type SecondFactorVerifier = (
  user: UserRecord,
  challenge: MfaChallengeData,
  nowMs: number,
) => SecondFactorCheck;

/**
 * A second factor made ready for one pending login: the check to run in the completing
 * transaction, and what an accepted answer writes there too (a passkey's signature counter).
 */
export interface PreparedSecondFactor {
  readonly verify: SecondFactorVerifier;
  readonly onAccepted?: (tx: StorageTransaction) => Promise<void>;
}

/** A login that passed its password, as read before its second factor is checked. */
export interface PendingMfaLogin {
  readonly challenge: MfaChallengeData;
  readonly user: UserRecord;
}

/** Every error of finishing a login with a second factor. */
export type CompleteMfaError =
  | ValidationError
  | PasskeyFailedError
  | InvalidMfaCodeError
  | MfaNotEnrolledError
  | RateLimitedError
  | AccessTokenError
  | IdentityInfrastructureError;

/** What the completing transaction decided. */
type MfaCompletion =
  | { readonly kind: 'failed'; readonly error: InvalidMfaCodeError | MfaNotEnrolledError }
  | {
      readonly kind: 'session';
      readonly session: OpenedSession;
      readonly userId: string;
      readonly roles: readonly string[];
      readonly authenticationMethods: readonly string[];
    };

/** RFC 8176 method values recorded in the session and the access token's `amr`. */
const AUTHENTICATION_METHOD: Record<MfaMethod, string> = {
  totp: 'otp',
  sms: 'sms',
  recovery_code: 'kba',
  passkey: 'hwk',
};

/** The pending login of an MFA token, if it exists. */
export async function loadMfaChallenge(
  context: IdentityContext,
  tenantId: TenantId,
  mfaToken: unknown,
): Promise<Result<PendingMfaLogin | undefined, IdentityInfrastructureError>> {
  if (!isSecretTokenShape(mfaToken)) return ok(undefined);
  return commandTransaction(context, tenantId, async (tx) => {
    const record = await tx.records.get(
      IDENTITY_COLLECTIONS.mfaChallenges,
      hashSecretToken(mfaToken),
    );
    if (record === undefined) return ok(undefined);
    const challenge = record.data as MfaChallengeData;
    const user = await loadUser(tx, challenge.userId);
    return ok(user === undefined ? undefined : { challenge, user });
  });
}

/**
 * Attaches what a second factor needs to a pending login (an SMS code's hash, a passkey
 * challenge), replacing any earlier one; `expired` when the login is gone.
 */
export async function attachToMfaChallenge(
  context: IdentityContext,
  tenantId: TenantId,
  mfaToken: string,
  fields: JsonObject,
): Promise<Result<void, InvalidMfaCodeError | IdentityInfrastructureError>> {
  const challengeId = hashSecretToken(mfaToken);
  return commandTransaction<void, InvalidMfaCodeError>(context, tenantId, async (tx) => {
    const record = await tx.records.get(IDENTITY_COLLECTIONS.mfaChallenges, challengeId);
    if (record === undefined) return err(invalidMfaCode('expired'));
    await tx.records.put({
      collection: IDENTITY_COLLECTIONS.mfaChallenges,
      id: challengeId,
      data: { ...record.data, ...fields },
      expectedVersion: record.version,
    });
    return ok(undefined);
  });
}

/**
 * Finishes a login whose password was accepted: the answer is checked in the same transaction that
 * spends it (a TOTP step, a recovery code, an SMS code, a passkey counter), so it works once.
 * Wrong answers count against the challenge; after {@link MFA_CHALLENGE_ATTEMPTS_MAX} the login
 * must start again with the password. Per-user rate limits apply on top.
 */
export async function completeMfaLogin(
  context: IdentityContext,
  input: {
    readonly tenantId: TenantId;
    readonly mfaToken: unknown;
    readonly method: MfaMethod;
    /**
     * Readies the factor from the pending login read once here (decrypting a TOTP secret,
     * verifying a passkey's signature); an error ends the attempt before anything is counted.
     */
    readonly prepare: (
      pending: PendingMfaLogin,
    ) => Promise<Result<PreparedSecondFactor, CompleteMfaError>>;
    readonly request?: IdentityRequestContext;
  },
): Promise<Result<SignedIn, CompleteMfaError>> {
  const { tenantId } = input;
  if (!isSecretTokenShape(input.mfaToken)) return err(invalidMfaCode('expired'));
  const challengeId = hashSecretToken(input.mfaToken);
  const peek = await loadMfaChallenge(context, tenantId, input.mfaToken);
  if (peek.isErr()) return err(peek.error);
  if (peek.value === undefined) return err(invalidMfaCode('expired'));
  const factor = await input.prepare(peek.value);
  if (factor.isErr()) return err(factor.error);
  const limited = await enforceRateLimit(context, tenantId, {
    policy: context.rateLimits.oneTimeCodeUser,
    key: peek.value.user.id,
  });
  if (limited.isErr()) return err(limited.error);
  const now = nowMs(context);
  const horizon = { nowMs: now, expiresAtMs: now + context.accessTokenTtlMs };
  const committed = await commandTransaction<MfaCompletion, CompleteMfaError>(
    context,
    tenantId,
    async (tx) => {
      const [record] = await tx.records.getMany(IDENTITY_COLLECTIONS.mfaChallenges, [challengeId], {
        lock: true,
      });
      if (record === undefined) return err(invalidMfaCode('expired'));
      const challenge = record.data as MfaChallengeData;
      if (now >= challenge.expiresAtMs) return err(invalidMfaCode('expired'));
      if (challenge.attempts >= MFA_CHALLENGE_ATTEMPTS_MAX) return err(invalidMfaCode('exhausted'));
      const user = await loadUser(tx, challenge.userId, { lock: true });
      if (user === undefined || user.data.status !== 'active')
        return err(invalidMfaCode('expired'));
      const check = factor.value.verify(user, challenge, now);
      const audit = (action: string, outcome: 'succeeded' | 'failed', details = {}) =>
        auditInTransaction(context, tx, input.request ?? {}, {
          actor: userActor(user.id),
          action,
          resource: { type: 'user', id: user.id },
          outcome,
          details: { method: input.method, ...details },
        });
      if (!check.valid) {
        await tx.records.put({
          collection: IDENTITY_COLLECTIONS.mfaChallenges,
          id: challengeId,
          data: { ...(check.challenge ?? challenge), attempts: challenge.attempts + 1 },
          expectedVersion: record.version,
        });
        const audited = await audit('identity.login.mfa_failed', 'failed');
        if (audited.isErr()) return err(audited.error);
        return ok({ kind: 'failed', error: check.error } as const);
      }
      await saveUser(tx, user.id, { ...check.user, updatedAtMs: now }, user.version);
      await factor.value.onAccepted?.(tx);
      await tx.records.delete({
        collection: IDENTITY_COLLECTIONS.mfaChallenges,
        id: challengeId,
        expectedVersion: record.version,
      });
      const authenticationMethods = ['pwd', AUTHENTICATION_METHOD[input.method]];
      const session = await openSession(context, tx, {
        userId: user.id,
        device: challenge.device,
        authenticationMethods,
        horizon,
      });
      if (session.isErr()) return err(session.error);
      const audited = await audit('identity.login.succeeded', 'succeeded', {
        deviceId: session.value.deviceId,
        sessionId: session.value.sessionId,
      });
      if (audited.isErr()) return err(audited.error);
      return ok({
        kind: 'session',
        session: session.value,
        userId: user.id,
        roles: check.user.roles,
        authenticationMethods,
      } as const);
    },
  );
  if (committed.isErr()) return err(committed.error);
  const result = committed.value;
  if (result.kind === 'failed') return err(result.error);
  return issueSignedIn(context, {
    tenantId,
    userId: result.userId,
    roles: result.roles,
    session: result.session,
    authenticationMethods: result.authenticationMethods,
  });
}
