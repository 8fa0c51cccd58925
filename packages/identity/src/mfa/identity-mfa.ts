import { err, ok, type Result, type TenantId } from '@strongroom/kernel';
import type { FieldEncryptionError } from '@strongroom/vault';
import type { Principal } from '../authorization/authorization.js';
import { deliver } from '../senders/deliver.js';
import {
  auditInTransaction,
  commandTransaction,
  enforceRateLimit,
  type IdentityContext,
  type IdentityRequestContext,
  nowMs,
  userActor,
} from '../service/identity-context.js';
import type { IdentityInfrastructureError, UserNotFoundError } from '../service/identity-error.js';
import { MFA_CHALLENGE_ATTEMPTS_MAX } from '../service/identity-limits.js';
import type { SignedIn } from '../sessions/signed-in.js';
import type { UserData, UserRecord } from '../users/user-record.js';
import { loadUser, saveUser } from '../users/user-store.js';
import {
  attachToMfaChallenge,
  type CompleteMfaError,
  completeMfaLogin,
  loadMfaChallenge,
  type SecondFactorVerifier,
} from './complete-mfa-login.js';
import {
  type InvalidMfaCodeError,
  invalidMfaCode,
  type MfaAlreadyEnrolledError,
  type MfaNotEnrolledError,
  mfaAlreadyEnrolled,
  mfaNotEnrolled,
} from './mfa-error.js';
import { checkOneTimeCode, issueOneTimeCode, type OneTimeCodeRecord } from './one-time-code.js';
import { findRecoveryCode, generateRecoveryCodes } from './recovery-codes.js';
import { verifyTotp } from './totp.js';
import { totpEnrollmentUri } from './totp-enrollment.js';
import { generateTotpSecret } from './totp-secret.js';

/** Every error of changing a user's second factors. */
export type MfaEnrollmentError =
  | InvalidMfaCodeError
  | MfaAlreadyEnrolledError
  | MfaNotEnrolledError
  | UserNotFoundError
  | FieldEncryptionError
  | IdentityInfrastructureError;

/** Second factors of an identity: enrolment by a signed-in user, and finishing a pending login. */
export interface IdentityMfa {
  /** Starts TOTP enrolment: the `otpauth://` URI (a QR code) is shown once; nothing works until confirmed. */
  beginTotpEnrollment(
    principal: Principal,
    request?: IdentityRequestContext,
  ): Promise<Result<{ readonly uri: string }, MfaEnrollmentError>>;
  /** Confirms TOTP with a first code; the first factor enrolled also returns 10 recovery codes, shown once. */
  confirmTotpEnrollment(
    principal: Principal,
    code: unknown,
    request?: IdentityRequestContext,
  ): Promise<Result<{ readonly recoveryCodes: readonly string[] }, MfaEnrollmentError>>;
  /** Replaces the recovery codes; the old ones stop working. */
  regenerateRecoveryCodes(
    principal: Principal,
    request?: IdentityRequestContext,
  ): Promise<Result<{ readonly recoveryCodes: readonly string[] }, MfaEnrollmentError>>;
  /** Turns SMS codes on for a user whose phone is on record. */
  enableSms(
    principal: Principal,
    request?: IdentityRequestContext,
  ): Promise<Result<void, MfaEnrollmentError>>;
  /** Sends an SMS code for a pending login; a new code replaces the previous one. */
  sendLoginSmsCode(input: {
    readonly tenantId: TenantId;
    readonly mfaToken: unknown;
  }): Promise<Result<{ readonly delivered: boolean }, CompleteMfaError>>;
  /** Finishes a pending login with a TOTP code, a recovery code or an SMS code. */
  completeLogin(input: {
    readonly tenantId: TenantId;
    readonly mfaToken: unknown;
    readonly method: 'totp' | 'recovery_code' | 'sms';
    readonly code: unknown;
    readonly request?: IdentityRequestContext;
  }): Promise<Result<SignedIn, CompleteMfaError>>;
}

const TOTP_SECRET_FIELD = 'totpSecret';

async function decryptTotpSecret(
  context: IdentityContext,
  tenantId: TenantId,
  user: UserRecord,
): Promise<Result<string | null, FieldEncryptionError>> {
  const envelope = user.data.mfa.totpSecretEnvelope;
  if (envelope === null) return ok(null);
  return context.fields.decrypt({
    tenantId,
    subjectId: user.id,
    recordId: user.id,
    field: TOTP_SECRET_FIELD,
    envelope,
  });
}

/** Builds the MFA operations over an identity's context. */
export function createIdentityMfa(context: IdentityContext): IdentityMfa {
  /** Loads, changes and saves the principal's user in one transaction with its audit leaf. */
  const changeUser = async <T>(
    principal: Principal,
    action: string,
    request: IdentityRequestContext,
    change: (user: UserRecord) => Result<{ user: UserData; value: T }, MfaEnrollmentError>,
  ): Promise<Result<T, MfaEnrollmentError>> =>
    commandTransaction(context, principal.tenantId, async (tx) => {
      const user = await loadUser(tx, principal.userId, { lock: true });
      if (user === undefined || user.data.status === 'erased')
        return err({ type: 'identity.user_not_found' } as const);
      const changed = change(user);
      if (changed.isErr()) return err(changed.error);
      await saveUser(
        tx,
        user.id,
        { ...changed.value.user, updatedAtMs: nowMs(context) },
        user.version,
      );
      const audited = await auditInTransaction(context, tx, request, {
        actor: userActor(user.id),
        action,
        resource: { type: 'user', id: user.id },
        outcome: 'succeeded',
      });
      if (audited.isErr()) return err(audited.error);
      return ok(changed.value.value);
    });

  const loadPrincipalUser = (principal: Principal) =>
    commandTransaction(context, principal.tenantId, async (tx) =>
      ok(await loadUser(tx, principal.userId)),
    );

  return {
    async beginTotpEnrollment(principal, request = {}) {
      const secret = generateTotpSecret();
      const uri = totpEnrollmentUri({
        secret,
        issuer: context.totpIssuer,
        accountName: principal.userId,
      });
      if (uri.isErr()) return err(invalidMfaCode('malformed'));
      const envelope = await context.fields.encrypt({
        tenantId: principal.tenantId,
        subjectId: principal.userId,
        recordId: principal.userId,
        field: TOTP_SECRET_FIELD,
        value: secret,
      });
      if (envelope.isErr()) return err(envelope.error);
      return changeUser(principal, 'identity.mfa.totp_enrollment_started', request, (user) =>
        user.data.mfa.totpConfirmed
          ? err(mfaAlreadyEnrolled('totp'))
          : ok({
              user: {
                ...user.data,
                mfa: { ...user.data.mfa, totpSecretEnvelope: envelope.value, totpConfirmed: false },
              },
              value: { uri: uri.value },
            }),
      );
    },

    async confirmTotpEnrollment(principal, code, request = {}) {
      const loaded = await loadPrincipalUser(principal);
      if (loaded.isErr()) return err(loaded.error);
      if (loaded.value === undefined) return err({ type: 'identity.user_not_found' });
      const secret = await decryptTotpSecret(context, principal.tenantId, loaded.value);
      if (secret.isErr()) return err(secret.error);
      const totpSecret = secret.value;
      if (totpSecret === null) return err(mfaNotEnrolled('totp'));
      const recovery = generateRecoveryCodes();
      return changeUser(principal, 'identity.mfa.totp_enrolled', request, (user) => {
        const { mfa } = user.data;
        if (mfa.totpConfirmed) return err(mfaAlreadyEnrolled('totp'));
        if (mfa.totpSecretEnvelope !== loaded.value?.data.mfa.totpSecretEnvelope)
          return err(mfaNotEnrolled('totp'));
        const check = verifyTotp({
          secret: totpSecret,
          code: typeof code === 'string' ? code : '',
          nowMs: nowMs(context),
          lastUsedStep: mfa.totpLastUsedStep,
        });
        if (!check.valid) return err(invalidMfaCode(check.reason));
        const firstFactor = mfa.recoveryCodeHashes.length === 0;
        return ok({
          user: {
            ...user.data,
            mfa: {
              ...mfa,
              totpConfirmed: true,
              totpLastUsedStep: check.step,
              recoveryCodeHashes: firstFactor ? recovery.hashes : mfa.recoveryCodeHashes,
            },
          },
          value: { recoveryCodes: firstFactor ? recovery.codes : [] },
        });
      });
    },

    async regenerateRecoveryCodes(principal, request = {}) {
      const recovery = generateRecoveryCodes();
      return changeUser(principal, 'identity.mfa.recovery_codes_regenerated', request, (user) =>
        ok({
          user: { ...user.data, mfa: { ...user.data.mfa, recoveryCodeHashes: recovery.hashes } },
          value: { recoveryCodes: recovery.codes },
        }),
      );
    },

    async enableSms(principal, request = {}) {
      return changeUser(principal, 'identity.mfa.sms_enabled', request, (user) => {
        if (user.data.phoneEnvelope === null) return err(mfaNotEnrolled('sms'));
        if (user.data.mfa.smsEnabled) return err(mfaAlreadyEnrolled('sms'));
        return ok({
          user: { ...user.data, mfa: { ...user.data.mfa, smsEnabled: true } },
          value: undefined,
        });
      });
    },

    async sendLoginSmsCode(input) {
      const peek = await loadMfaChallenge(context, input.tenantId, input.mfaToken);
      if (peek.isErr()) return err(peek.error);
      if (peek.value === undefined) return err(invalidMfaCode('expired'));
      const { challenge, user } = peek.value;
      const now = nowMs(context);
      if (now >= challenge.expiresAtMs) return err(invalidMfaCode('expired'));
      if (challenge.attempts >= MFA_CHALLENGE_ATTEMPTS_MAX) return err(invalidMfaCode('exhausted'));
      if (!user.data.mfa.smsEnabled || user.data.phoneEnvelope === null)
        return err(mfaNotEnrolled('sms'));
      const limited = await enforceRateLimit(context, input.tenantId, {
        policy: context.rateLimits.smsDelivery,
        key: user.id,
      });
      if (limited.isErr()) return err(limited.error);
      const phone = await context.fields.decrypt({
        tenantId: input.tenantId,
        subjectId: user.id,
        recordId: user.id,
        field: 'phone',
        envelope: user.data.phoneEnvelope,
      });
      if (phone.isErr()) return err(phone.error);
      const issued = issueOneTimeCode({ nowMs: now });
      const stored = await attachToMfaChallenge(context, input.tenantId, String(input.mfaToken), {
        smsCode: { ...issued.record },
      });
      if (stored.isErr()) return err(stored.error);
      const delivered = await deliver(context, {
        kind: 'sms_code',
        channel: 'sms',
        tenantId: input.tenantId,
        userId: user.id,
        to: phone.value,
        secret: issued.code,
        expiresAtMs: issued.record.expiresAtMs,
      });
      return ok({ delivered });
    },

    async completeLogin(input) {
      const code = typeof input.code === 'string' ? input.code : '';
      const verify =
        (totpSecret: string | null): SecondFactorVerifier =>
        (user, challenge, now) => {
          const { mfa } = user.data;
          switch (input.method) {
            case 'totp': {
              if (totpSecret === null || !mfa.totpConfirmed)
                return { valid: false, error: mfaNotEnrolled('totp') };
              const check = verifyTotp({
                secret: totpSecret,
                code,
                nowMs: now,
                lastUsedStep: mfa.totpLastUsedStep,
              });
              return check.valid
                ? {
                    valid: true,
                    user: { ...user.data, mfa: { ...mfa, totpLastUsedStep: check.step } },
                  }
                : { valid: false, error: invalidMfaCode(check.reason) };
            }
            case 'recovery_code': {
              const index = findRecoveryCode(mfa.recoveryCodeHashes, code);
              if (index < 0) return { valid: false, error: invalidMfaCode('invalid') };
              const recoveryCodeHashes = mfa.recoveryCodeHashes.filter((_, at) => at !== index);
              return { valid: true, user: { ...user.data, mfa: { ...mfa, recoveryCodeHashes } } };
            }
            case 'sms': {
              const smsCode = challenge['smsCode'] as OneTimeCodeRecord | undefined;
              if (!mfa.smsEnabled) return { valid: false, error: mfaNotEnrolled('sms') };
              // No code was sent for this login yet: there is nothing the answer could match.
              if (smsCode === undefined) return { valid: false, error: invalidMfaCode('expired') };
              const check = checkOneTimeCode(smsCode, code, now);
              if (check.outcome === 'valid') return { valid: true, user: user.data };
              return {
                valid: false,
                error: invalidMfaCode(check.outcome),
                ...(check.outcome === 'invalid'
                  ? { challenge: { ...challenge, smsCode: { ...check.record } } }
                  : {}),
              };
            }
          }
        };
      return completeMfaLogin(context, {
        tenantId: input.tenantId,
        mfaToken: input.mfaToken,
        method: input.method,
        ...(input.request === undefined ? {} : { request: input.request }),
        async prepare({ user }) {
          if (input.method !== 'totp') return ok({ verify: verify(null) });
          const secret = await decryptTotpSecret(context, input.tenantId, user);
          return secret.isErr() ? err(secret.error) : ok({ verify: verify(secret.value) });
        },
      });
    },
  };
}
