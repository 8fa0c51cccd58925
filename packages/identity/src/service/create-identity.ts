import type { AuditActor } from '@strongroom/audit';
import {
  err,
  type InfrastructureError,
  ok,
  type Result,
  resolveIdGenerator,
  systemClock,
  type TenantId,
} from '@strongroom/kernel';
import {
  type Authorization,
  createAuthorization,
  type Principal,
} from '../authorization/authorization.js';
import { IDENTITY_PERMISSIONS } from '../authorization/permissions.js';
import { DEFAULT_ROLES } from '../authorization/roles.js';
import {
  type DeviceView,
  listDevices,
  type RevokeDeviceError,
  revokeDevices,
} from '../devices/manage-devices.js';
import { createIdentityMfa, type IdentityMfa } from '../mfa/identity-mfa.js';
import { createIdentityPasskeys, type IdentityPasskeys } from '../passkeys/identity-passkeys.js';
import { createDummyPasswordHash } from '../passwords/dummy-password-hash.js';
import { passwordMinimumLength } from '../passwords/password-policy.js';
import { type LoginError, type LoginInput, login, type MfaRequired } from '../sessions/login.js';
import { logout } from '../sessions/logout.js';
import { type RefreshError, refreshSession } from '../sessions/refresh-session.js';
import type { SignedIn } from '../sessions/signed-in.js';
import { type AccessTokens, createAccessTokens } from '../tokens/access-token.js';
import type { AccessTokenClaims } from '../tokens/access-token-claims.js';
import { type AccessTokenError, invalidToken } from '../tokens/access-token-error.js';
import { ACCESS_TOKEN_TTL_MS_DEFAULT } from '../tokens/access-token-limits.js';
import type { SigningKeyError, SigningKeyRotation } from '../tokens/signing-keys.js';
import {
  type AdministerUserError,
  administerUser,
  type UserAdministration,
} from '../users/administer-user.js';
import { type EraseUserError, eraseUser, type UserErasure } from '../users/erase-user.js';
import { type ExportUserError, exportUser, type UserExport } from '../users/export-user.js';
import type { MailSingleUseTokenError } from '../users/mail-single-use-token.js';
import {
  type RequestPasswordResetError,
  type ResetPasswordError,
  requestPasswordReset,
  resetPassword,
} from '../users/password-reset.js';
import {
  type RegisteredUser,
  type RegisterUserError,
  type RegisterUserInput,
  registerUser,
} from '../users/register-user.js';
import { resendVerification, type VerifyEmailError, verifyEmail } from '../users/verify-email.js';
import {
  auditInTransaction,
  commandTransaction,
  type IdentityContext,
  type IdentityRequestContext,
  userActor,
} from './identity-context.js';
import type {
  IdentityInfrastructureError,
  IdentityPermissionDeniedError,
  UserNotFoundError,
} from './identity-error.js';
import {
  IDENTITY_RATE_LIMITS,
  LOCKOUT_COOLDOWN_BASE_MS_DEFAULT,
  LOCKOUT_COOLDOWN_MAX_MS_DEFAULT,
  LOCKOUT_FAILURES_DEFAULT,
  SESSION_TTL_MS_DEFAULT,
} from './identity-limits.js';
import type { IdentityOptions } from './identity-options.js';
import {
  type IdentityPurgeCursor,
  type IdentityPurgeReport,
  purgeExpired,
} from './purge-expired.js';

/** A signed-in caller: the verified access token's claims, usable as an authorization principal. */
export type AuthenticatedPrincipal = Principal & AccessTokenClaims;

/** A single-use token from an email, with the request it arrived in. */
export interface TokenInput {
  readonly tenantId: TenantId;
  readonly token: unknown;
  readonly request?: IdentityRequestContext;
}

/** Identity's commands over one storage, audit log, vault and set of adapters. */
export interface Identity {
  readonly authorization: Authorization;
  /** Second factors: TOTP, recovery codes and SMS codes. */
  readonly mfa: IdentityMfa;
  /** Passkeys as a second factor (needs `relyingParty`). */
  readonly passkeys: IdentityPasskeys;
  /** Registers a user and sends the verification email. */
  register(input: RegisterUserInput): Promise<Result<RegisteredUser, RegisterUserError>>;
  /** Confirms an email with its token. */
  verifyEmail(input: TokenInput): Promise<Result<{ readonly userId: string }, VerifyEmailError>>;
  /** Sends a new verification token to an unverified email; answers the same for any other. */
  resendVerification(input: {
    readonly tenantId: TenantId;
    readonly email: unknown;
    readonly request?: IdentityRequestContext;
  }): Promise<Result<void, MailSingleUseTokenError>>;
  /** Sends a reset token when the email has an account; answers the same either way. */
  requestPasswordReset(input: {
    readonly tenantId: TenantId;
    readonly email: unknown;
    readonly request?: IdentityRequestContext;
  }): Promise<Result<void, RequestPasswordResetError>>;
  /** Sets a new password with a reset token and signs every device out. */
  resetPassword(
    input: TokenInput & { readonly newPassword: unknown },
  ): Promise<Result<{ readonly userId: string }, ResetPasswordError>>;
  /** Email and password; then a session, or a second-factor challenge. */
  login(input: LoginInput): Promise<Result<SignedIn | MfaRequired, LoginError>>;
  /** Rotates a refresh token into a new token pair; a reused one ends its family. */
  refresh(input: {
    readonly tenantId: TenantId;
    readonly refreshToken: unknown;
    readonly request?: IdentityRequestContext;
  }): Promise<Result<SignedIn, RefreshError>>;
  /** Verifies an access token (signature, claims, revocation) and tells who is calling. */
  authenticate(accessToken: unknown): Promise<Result<AuthenticatedPrincipal, AccessTokenError>>;
  /** Ends the caller's session and denies its live access tokens. */
  logout(
    principal: AuthenticatedPrincipal,
    request?: IdentityRequestContext,
  ): Promise<Result<void, IdentityInfrastructureError>>;
  /** A user's devices: the caller's own, or anyone's with `identity.user.read`. */
  listDevices(
    principal: AuthenticatedPrincipal,
    userId: string,
  ): Promise<
    Result<
      readonly DeviceView[],
      UserNotFoundError | IdentityPermissionDeniedError | IdentityInfrastructureError
    >
  >;
  /** Revokes one device or `all`: the caller's own, or anyone's with `identity.device.revoke`. */
  revokeDevice(
    principal: AuthenticatedPrincipal,
    userId: string,
    deviceId: string | 'all',
    request?: IdentityRequestContext,
  ): Promise<
    Result<{ readonly revoked: number }, RevokeDeviceError | IdentityPermissionDeniedError>
  >;
  /** Assigns roles (`identity.user.assign_roles`), suspends or reinstates (`identity.user.manage`). */
  administer(
    principal: AuthenticatedPrincipal,
    userId: string,
    change: UserAdministration,
    request?: IdentityRequestContext,
  ): Promise<Result<void, AdministerUserError | IdentityPermissionDeniedError>>;
  /** Erases a user: the caller themselves, or anyone with `identity.user.erase`. */
  eraseUser(
    principal: AuthenticatedPrincipal,
    userId: string,
    request?: IdentityRequestContext,
  ): Promise<Result<UserErasure, EraseUserError | IdentityPermissionDeniedError>>;
  /** Exports a user's data: the caller's own, or anyone's with `identity.user.export`. */
  exportUser(
    principal: AuthenticatedPrincipal,
    userId: string,
    request?: IdentityRequestContext,
  ): Promise<Result<UserExport, ExportUserError | IdentityPermissionDeniedError>>;
  /** Signing keys and JWKS of each tenant (issue, verify, `jwks`), for the host's own use. */
  readonly accessTokens: AccessTokens;
  /** Rotates the caller's tenant's signing key (`identity.signing_key.rotate`). */
  rotateSigningKey(
    principal: AuthenticatedPrincipal,
    request?: IdentityRequestContext,
  ): Promise<
    Result<
      SigningKeyRotation,
      SigningKeyError | IdentityPermissionDeniedError | IdentityInfrastructureError
    >
  >;
  /** Deletes expired tokens, sessions and pending logins of a tenant; run it on a schedule. */
  purgeExpired(
    tenantId: TenantId,
    options?: { readonly pages?: number; readonly after?: IdentityPurgeCursor },
  ): Promise<Result<IdentityPurgeReport, InfrastructureError>>;
}

/** Builds the {@link Identity} of a host from its adapters. */
export function createIdentity(options: IdentityOptions): Identity {
  const clock = options.clock ?? systemClock;
  // Checked here, so a bad option fails when the service is built, not at the first sign-up.
  const minimumLength = passwordMinimumLength(options.passwordMinimumLength);
  const accessTokenTtlMs = options.tokens.ttlMs ?? ACCESS_TOKEN_TTL_MS_DEFAULT;
  const accessTokens = createAccessTokens({
    storage: options.storage,
    audit: options.audit,
    cipher: options.vault.cipher,
    clock,
    revocations: options.revocations,
    issuer: options.tokens.issuer,
    audience: options.tokens.audience,
    accessTokenTtlMs,
    ...(options.tokens.algorithm === undefined ? {} : { algorithm: options.tokens.algorithm }),
    ...(options.tokens.leewayMs === undefined ? {} : { leewayMs: options.tokens.leewayMs }),
    ...(options.cache === undefined ? {} : { jwksCache: options.cache }),
  });
  let dummyHash: Promise<string> | undefined;
  const context: IdentityContext = {
    storage: options.storage,
    audit: options.audit,
    fields: options.vault.fields,
    accessTokens,
    passwordHasher: options.passwordHasher,
    dummyPasswordHash: () => {
      dummyHash ??= createDummyPasswordHash(options.passwordHasher);
      return dummyHash;
    },
    rateLimiter: options.rateLimiter,
    rateLimits: { ...IDENTITY_RATE_LIMITS, ...options.rateLimits },
    revocations: options.revocations,
    sender: options.sender,
    authorization: createAuthorization(options.roles ?? DEFAULT_ROLES),
    relyingParty: options.relyingParty,
    totpIssuer: options.totpIssuer ?? options.relyingParty?.name ?? 'Strongroom',
    defaultRoles: options.defaultRoles ?? [],
    lockout: {
      failures: options.lockout?.failures ?? LOCKOUT_FAILURES_DEFAULT,
      cooldownBaseMs: options.lockout?.cooldownBaseMs ?? LOCKOUT_COOLDOWN_BASE_MS_DEFAULT,
      cooldownMaxMs: options.lockout?.cooldownMaxMs ?? LOCKOUT_COOLDOWN_MAX_MS_DEFAULT,
    },
    sessionTtlMs: options.sessionTtlMs ?? SESSION_TTL_MS_DEFAULT,
    passwordMinimumLength: minimumLength,
    accessTokenTtlMs,
    clock,
    ids: resolveIdGenerator(options.ids),
  };

  type Refusal = IdentityPermissionDeniedError | IdentityInfrastructureError;
  type Guarded = Promise<Result<AuditActor, Refusal>>;

  /** Records a refusal in the audit log and answers `identity.permission_denied`. */
  const deny = async (
    principal: AuthenticatedPrincipal,
    permission: string,
    userId: string,
    request: IdentityRequestContext,
  ): Promise<Result<never, Refusal>> => {
    const actor = userActor(principal.userId);
    const recorded = await commandTransaction(context, principal.tenantId, async (tx) => {
      const audited = await auditInTransaction(context, tx, request, {
        actor,
        action: 'identity.permission.denied',
        resource: { type: 'user', id: userId },
        outcome: 'denied',
        details: { permission },
      });
      return audited.isErr() ? err(audited.error) : ok(undefined);
    });
    if (recorded.isErr()) return err(recorded.error);
    return err({ type: 'identity.permission_denied', permission });
  };

  /** Allows the caller's own account, or the permission; a refusal is recorded. */
  const guard = async (
    principal: AuthenticatedPrincipal,
    permission: string,
    userId: string,
    request: IdentityRequestContext = {},
  ): Guarded =>
    principal.userId === userId || context.authorization.can(principal, permission)
      ? ok(userActor(principal.userId))
      : deny(principal, permission, userId, request);

  return {
    authorization: context.authorization,
    mfa: createIdentityMfa(context),
    passkeys: createIdentityPasskeys(context),
    accessTokens,
    register: (input) => registerUser(context, input),
    purgeExpired: (tenantId, options) => purgeExpired(context, tenantId, options),
    verifyEmail: (input) => verifyEmail(context, input),
    resendVerification: (input) => resendVerification(context, input),
    requestPasswordReset: (input) => requestPasswordReset(context, input),
    resetPassword: (input) => resetPassword(context, input),
    login: (input) => login(context, input),
    refresh: (input) => refreshSession(context, input),
    async authenticate(accessToken) {
      if (typeof accessToken !== 'string') return err(invalidToken('malformed'));
      const verified = await accessTokens.verify(accessToken);
      if (verified.isErr()) return err(verified.error);
      return ok({ ...verified.value });
    },
    logout: (principal, request) =>
      logout(context, {
        tenantId: principal.tenantId,
        userId: principal.userId,
        sessionId: principal.sessionId,
        ...(request === undefined ? {} : { request }),
      }),
    async listDevices(principal, userId) {
      const allowed = await guard(principal, IDENTITY_PERMISSIONS.readUser, userId);
      if (allowed.isErr()) return err(allowed.error);
      return listDevices(context, principal.tenantId, userId);
    },
    async revokeDevice(principal, userId, deviceId, request) {
      const allowed = await guard(principal, IDENTITY_PERMISSIONS.revokeDevice, userId, request);
      if (allowed.isErr()) return err(allowed.error);
      return revokeDevices(context, {
        tenantId: principal.tenantId,
        userId,
        deviceId,
        actor: allowed.value,
        ...(request === undefined ? {} : { request }),
      });
    },
    async administer(principal, userId, change, request) {
      const permission =
        change.kind === 'assign_roles'
          ? IDENTITY_PERMISSIONS.assignRoles
          : IDENTITY_PERMISSIONS.manageUser;
      // Nobody grants themselves roles or lifts their own suspension: no self exception here.
      const allowed = context.authorization.can(principal, permission)
        ? ok(userActor(principal.userId))
        : await deny(principal, permission, userId, request ?? {});
      if (allowed.isErr()) return err(allowed.error);
      return administerUser(context, {
        tenantId: principal.tenantId,
        userId,
        change,
        actor: allowed.value,
        ...(request === undefined ? {} : { request }),
      });
    },
    async rotateSigningKey(principal, request) {
      const permission = IDENTITY_PERMISSIONS.rotateSigningKey;
      if (!context.authorization.can(principal, permission))
        return deny(principal, permission, principal.userId, request ?? {});
      return accessTokens.rotateSigningKey(principal.tenantId, userActor(principal.userId));
    },
    async eraseUser(principal, userId, request) {
      const allowed = await guard(principal, IDENTITY_PERMISSIONS.eraseUser, userId, request);
      if (allowed.isErr()) return err(allowed.error);
      return eraseUser(context, {
        tenantId: principal.tenantId,
        userId,
        actor: allowed.value,
        ...(request === undefined ? {} : { request }),
      });
    },
    async exportUser(principal, userId, request) {
      const allowed = await guard(principal, IDENTITY_PERMISSIONS.exportUser, userId, request);
      if (allowed.isErr()) return err(allowed.error);
      return exportUser(context, {
        tenantId: principal.tenantId,
        userId,
        actor: allowed.value,
        ...(request === undefined ? {} : { request }),
      });
    },
  };
}
