/**
 * `@strongroom/identity`: users, devices, sessions, passwords, MFA, passkeys, lockout, RBAC and
 * GDPR erasure, with every personal field encrypted by the vault.
 * @module
 */

export type { BoundedCacheLimits } from '@strongroom/kernel';
export {
  type Authorization,
  createAuthorization,
  type Principal,
  type ProtectedResource,
} from './authorization/authorization.js';
export {
  IDENTITY_PERMISSIONS,
  type IdentityPermission,
  PERMISSION_MAX_LENGTH,
  PERMISSION_PATTERN,
} from './authorization/permissions.js';
export {
  checkRoleCatalogue,
  DEFAULT_ROLES,
  ROLE_NAME_PATTERN,
  ROLES_MAX,
  type RoleCatalogue,
} from './authorization/roles.js';
export type { DeviceView, RevokeDeviceError } from './devices/manage-devices.js';
export type { DeviceInput } from './devices/prepare-device.js';
export type { CompleteMfaError } from './mfa/complete-mfa-login.js';
export type { IdentityMfa, MfaEnrollmentError } from './mfa/identity-mfa.js';
export {
  type InvalidMfaCodeError,
  type InvalidMfaCodeReason,
  invalidMfaCode,
  type MfaAlreadyEnrolledError,
  type MfaError,
  type MfaNotEnrolledError,
  type MfaRequiredError,
  mfaAlreadyEnrolled,
  mfaNotEnrolled,
  mfaRequired,
} from './mfa/mfa-error.js';
export {
  checkOneTimeCode,
  type IssuedOneTimeCode,
  issueOneTimeCode,
  ONE_TIME_CODE_ATTEMPTS_DEFAULT,
  ONE_TIME_CODE_ATTEMPTS_MAX,
  ONE_TIME_CODE_DIGITS,
  ONE_TIME_CODE_SALT_BYTES,
  ONE_TIME_CODE_TTL_DEFAULT_MS,
  ONE_TIME_CODE_TTL_MAX_MS,
  type OneTimeCodeCheck,
  type OneTimeCodeRecord,
  type OneTimeCodeRequest,
} from './mfa/one-time-code.js';
export {
  findRecoveryCode,
  type GeneratedRecoveryCodes,
  generateRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_COUNT_MAX,
  RECOVERY_CODE_GROUP_LENGTH,
  RECOVERY_CODE_INPUT_MAX_LENGTH,
  RECOVERY_CODE_SYMBOLS,
} from './mfa/recovery-codes.js';
export {
  type TotpCheck,
  type TotpRejection,
  type TotpVerification,
  verifyTotp,
} from './mfa/totp.js';
export {
  TOTP_LABEL_MAX_LENGTH,
  type TotpEnrollment,
  totpEnrollmentUri,
} from './mfa/totp-enrollment.js';
export {
  TOTP_DEFAULTS,
  TOTP_DIGITS_MAX,
  TOTP_DIGITS_MIN,
  TOTP_PERIOD_SECONDS_MAX,
  TOTP_WINDOW_STEPS_MAX,
  type TotpAlgorithm,
  type TotpOptions,
} from './mfa/totp-options.js';
export {
  generateTotpSecret,
  TOTP_SECRET_BYTES,
  TOTP_SECRET_MAX_BYTES,
  TOTP_SECRET_MIN_BYTES,
} from './mfa/totp-secret.js';
export type {
  IdentityPasskeys,
  PasskeyRegistrationError,
} from './passkeys/identity-passkeys.js';
export {
  type FinishPasskeyAuthenticationInput,
  finishPasskeyAuthentication,
  type PasskeyAuthenticationStart,
  type PasskeyAuthenticationSuccess,
  type StartPasskeyAuthenticationInput,
  startPasskeyAuthentication,
} from './passkeys/passkey-authentication.js';
export type { PasskeyChallenge } from './passkeys/passkey-challenge.js';
export type {
  PasskeyFailedError,
  PasskeyFailureReason,
  PasskeyLimitReachedError,
} from './passkeys/passkey-error.js';
export {
  PASSKEY_ALGORITHM_IDS,
  PASSKEY_CHALLENGE_BYTES,
  PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS,
  PASSKEY_CHALLENGE_LIFETIME_MAX_MS,
  PASSKEY_CREDENTIAL_ID_MAX_LENGTH,
  PASSKEY_RELYING_PARTY_ID_MAX_LENGTH,
  PASSKEY_RELYING_PARTY_ORIGINS_MAX,
  PASSKEY_RESPONSE_FIELD_MAX_LENGTH,
  PASSKEY_USER_ID_MAX_BYTES,
  PASSKEY_USER_NAME_MAX_LENGTH,
  PASSKEY_USER_VERIFICATION,
  PASSKEYS_PER_USER_MAX,
  type PasskeyRelyingParty,
} from './passkeys/passkey-options.js';
export {
  type FinishPasskeyRegistrationInput,
  finishPasskeyRegistration,
  type PasskeyRegistrationStart,
  type PasskeyUser,
  type StartPasskeyRegistrationInput,
  startPasskeyRegistration,
} from './passkeys/passkey-registration.js';
export {
  PASSKEY_TRANSPORTS,
  PASSKEY_TRANSPORTS_MAX,
  type PasskeyTransport,
} from './passkeys/passkey-response.js';
export type { StoredPasskey } from './passkeys/stored-passkey.js';
export {
  ARGON2_MEMORY_KIB_MAX,
  ARGON2_OWASP_CONFIGURATIONS,
  ARGON2_OWASP_PARAMETERS,
  ARGON2_PARALLELISM_MAX,
  ARGON2_PASSES_MAX,
  ARGON2_SALT_BYTES,
  ARGON2_SALT_BYTES_MAX,
  ARGON2_SALT_BYTES_MIN,
  ARGON2_TAG_BYTES,
  ARGON2_TAG_BYTES_MAX,
  ARGON2_TAG_BYTES_MIN,
  ARGON2_WEAK_MEMORY_KIB_MIN,
  type Argon2Parameters,
  isArgon2ParametersInRange,
  meetsOwaspMinimum,
} from './passwords/argon2-parameters.js';
export { createDummyPasswordHash, DUMMY_PASSWORD_BYTES } from './passwords/dummy-password-hash.js';
export {
  isLegacyBcryptHash,
  LEGACY_BCRYPT_COST_MAX,
  verifyLegacyBcrypt,
} from './passwords/legacy-bcrypt.js';
export {
  type WeakPasswordError,
  type WeakPasswordReason,
  weakPassword,
} from './passwords/password-error.js';
export type { PasswordHasher } from './passwords/password-hasher.js';
export {
  checkPassword,
  normalizePassword,
  PASSWORD_EMAIL_LOCAL_PART_MIN_LENGTH,
  PASSWORD_EXTRA_BLOCKED_MAX,
  PASSWORD_INPUT_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordContext,
} from './passwords/password-policy.js';
export {
  type Argon2idHash,
  formatArgon2idPhc,
  PHC_STRING_MAX_LENGTH,
  parseArgon2idPhc,
} from './passwords/phc-string.js';
export { assertRevocationCandidates, assertRevocations } from './revocation/assert-revocations.js';
export {
  REVOCATION_BATCH_MAX,
  REVOCATION_ID_MAX_LENGTH,
  type Revocation,
  type RevocationCandidate,
  type RevocationKind,
  type RevocationList,
} from './revocation/revocation-list.js';
export {
  createStorageRevocationList,
  type StorageRevocationList,
  type StorageRevocationListOptions,
} from './revocation/storage-revocation-list.js';
export type {
  IdentityMessage,
  IdentityMessageKind,
  IdentitySender,
} from './senders/identity-sender.js';
export {
  type AuthenticatedPrincipal,
  createIdentity,
  type Identity,
  type TokenInput,
} from './service/create-identity.js';
export { IDENTITY_COLLECTIONS } from './service/identity-collections.js';
export type {
  IdentityRequestContext,
  LockoutSettings,
} from './service/identity-context.js';
export type {
  AccountSuspendedError,
  DeviceNotFoundError,
  EmailNotVerifiedError,
  EmailTakenError,
  IdentityInfrastructureError,
  IdentityPermissionDeniedError,
  IdentityValidationError,
  InvalidCredentialsError,
  InvalidRefreshTokenError,
  InvalidVerificationTokenError,
  RateLimitedError,
  RefreshTokenReusedError,
  UnknownRoleError,
  UserErasedError,
  UserNotFoundError,
} from './service/identity-error.js';
export {
  CLIENT_ADDRESS_MAX_LENGTH,
  DEVICE_TEXT_MAX_LENGTH,
  DEVICES_PER_USER_MAX,
  EMAIL_VERIFICATION_TTL_MS_DEFAULT,
  IDENTITY_RATE_LIMITS,
  type IdentityRateLimits,
  LOCKOUT_COOLDOWN_BASE_MS_DEFAULT,
  LOCKOUT_COOLDOWN_MAX_MS_DEFAULT,
  LOCKOUT_FAILURES_DEFAULT,
  MFA_CHALLENGE_ATTEMPTS_MAX,
  MFA_CHALLENGE_TTL_MS_DEFAULT,
  PASSWORD_RESET_TTL_MS_DEFAULT,
  SESSION_TTL_MS_DEFAULT,
} from './service/identity-limits.js';
export type { AccessTokenSettings, IdentityOptions } from './service/identity-options.js';
export {
  IDENTITY_EXPIRING_COLLECTIONS,
  type IdentityPurgeCursor,
  type IdentityPurgeReport,
} from './service/purge-expired.js';
export { SECRET_TOKEN_BYTES, SECRET_TOKEN_LENGTH } from './service/secret-token.js';
export { lockoutCooldownMs } from './sessions/lockout.js';
export {
  LOGIN_PASSWORD_MAX_LENGTH,
  type LoginError,
  type LoginInput,
  type MfaRequired,
} from './sessions/login.js';
export type { MfaMethod } from './sessions/mfa-challenge.js';
export type { RefreshError } from './sessions/refresh-session.js';
export type { SessionRevocationReason } from './sessions/session-record.js';
export type { SignedIn } from './sessions/signed-in.js';
export {
  type AccessTokens,
  type AccessTokensOptions,
  createAccessTokens,
  type IssuedAccessToken,
  type JsonWebKeySet,
  JWKS_CACHE_KEY,
  JWKS_CACHE_TTL_MS,
  type PublicJwk,
  type VerifyAccessTokenOptions,
} from './tokens/access-token.js';
export {
  ACCESS_TOKEN_REQUIRED_CLAIMS,
  type AccessTokenClaims,
  type AccessTokenSubject,
} from './tokens/access-token-claims.js';
export {
  type AccessTokenError,
  type InvalidTokenError,
  type InvalidTokenReason,
  invalidToken,
  type TokenRevokedError,
} from './tokens/access-token-error.js';
export {
  ACCESS_TOKEN_ID_MAX_LENGTH,
  ACCESS_TOKEN_LEEWAY_MAX_MS,
  ACCESS_TOKEN_LEEWAY_MS_DEFAULT,
  ACCESS_TOKEN_MAX_LENGTH,
  ACCESS_TOKEN_PARTY_MAX_LENGTH,
  ACCESS_TOKEN_TTL_MAX_MS,
  ACCESS_TOKEN_TTL_MS_DEFAULT,
  ACCESS_TOKEN_TYPE,
  AUTHENTICATION_METHOD_PATTERN,
  AUTHENTICATION_METHODS_MAX,
} from './tokens/access-token-limits.js';
export { EMBEDDED_KEY_HEADERS } from './tokens/inspect-access-token.js';
export {
  SIGNING_ALGORITHM_DEFAULT,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './tokens/signing-algorithm.js';
export {
  SIGNING_KEY_AUDIT_ACTIONS,
  SIGNING_KEY_AUDIT_RESOURCE,
} from './tokens/signing-key-audit.js';
export {
  type PublicSigningJwk,
  SIGNING_KEY_COLLECTION,
  SIGNING_KEYS_PER_TENANT_MAX,
} from './tokens/signing-key-record.js';
export {
  SIGNING_KEY_CACHE_DEFAULTS,
  type SigningKeyError,
  type SigningKeyRotation,
  TOKEN_SIGNING_KEK_DEFAULT,
} from './tokens/signing-keys.js';
export { VERIFIED_TOKEN_CACHE_DEFAULTS } from './tokens/verified-tokens.js';
export type { AdministerUserError, UserAdministration } from './users/administer-user.js';
export { EMAIL_MAX_LENGTH, normalizeEmail } from './users/email-address.js';
export type { EraseUserError, UserErasure } from './users/erase-user.js';
export type { ExportUserError, UserExport } from './users/export-user.js';
export type { MailSingleUseTokenError } from './users/mail-single-use-token.js';
export type { RequestPasswordResetError, ResetPasswordError } from './users/password-reset.js';
export { parsePhoneNumber } from './users/phone-number.js';
export type {
  RegisteredUser,
  RegisterUserError,
  RegisterUserInput,
} from './users/register-user.js';
export type { UserStatus } from './users/user-status.js';
export { USER_STATUSES } from './users/user-status.js';
export type { VerifyEmailError } from './users/verify-email.js';
