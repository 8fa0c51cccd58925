import { z } from '@hono/zod-openapi';
import { DEVICE_TEXT_MAX_LENGTH, RECOVERY_CODE_INPUT_MAX_LENGTH } from '@strongroom/identity';
import {
  DeviceIdSchema,
  EmailSchema,
  InstantSchema,
  PasswordSchema,
  SecretTokenSchema,
} from './identity-schemas.js';
import { PasskeyAuthenticationCredentialSchema } from './passkey-schemas.js';

/** The second factors a pending sign-in may finish with. */
export const MFA_METHODS = ['totp', 'recovery_code', 'sms', 'passkey'] as const;

/** What a client says about the device it signs in from. */
export const DeviceInputSchema = z
  .object({
    deviceId: DeviceIdSchema.optional().openapi({
      description: 'The id an earlier sign-in on this device returned, kept like a cookie',
    }),
    label: z.string().max(DEVICE_TEXT_MAX_LENGTH).optional().openapi({ example: 'Ann’s laptop' }),
    userAgent: z
      .string()
      .max(DEVICE_TEXT_MAX_LENGTH)
      .optional()
      .openapi({ description: 'Defaults to the request’s User-Agent header' }),
  })
  .strict()
  .openapi('IdentityDeviceInput');

/** A sign-in with email and password. */
export const LoginRequestSchema = z
  .object({ email: EmailSchema, password: PasswordSchema, device: DeviceInputSchema.optional() })
  .strict()
  .openapi('IdentityLoginRequest');

/** A completed sign-in: the token pair, shown only in this response. */
export const SignedInSchema = z
  .object({
    status: z.literal('signed_in'),
    tokenType: z.literal('Bearer'),
    userId: z.string(),
    deviceId: z.string(),
    sessionId: z.string(),
    accessToken: z.string(),
    accessTokenExpiresAt: InstantSchema,
    refreshToken: z.string(),
    refreshTokenExpiresAt: InstantSchema,
  })
  .openapi('IdentitySignedIn');

/** The password was right; a second factor must follow with `mfaToken` before `expiresAt`. */
export const MfaRequiredSchema = z
  .object({
    status: z.literal('mfa_required'),
    mfaToken: z.string(),
    methods: z.array(z.enum(MFA_METHODS)),
    expiresAt: InstantSchema,
  })
  .openapi('IdentityMfaRequired');

/** What a password sign-in answers. */
export const LoginResultSchema = z
  .discriminatedUnion('status', [SignedInSchema, MfaRequiredSchema])
  .openapi('IdentityLoginResult');

/** A second factor for a pending sign-in: a code, or a passkey assertion. */
export const MfaLoginRequestSchema = z
  .discriminatedUnion('method', [
    z
      .object({
        mfaToken: SecretTokenSchema,
        method: z.enum(['totp', 'recovery_code', 'sms']),
        code: z.string().min(1).max(RECOVERY_CODE_INPUT_MAX_LENGTH),
      })
      .strict(),
    z
      .object({
        mfaToken: SecretTokenSchema,
        method: z.literal('passkey'),
        credential: PasskeyAuthenticationCredentialSchema,
      })
      .strict(),
  ])
  .openapi('IdentityMfaLoginRequest');

/** A pending sign-in, named by its MFA token. */
export const MfaTokenRequestSchema = z
  .object({ mfaToken: SecretTokenSchema })
  .strict()
  .openapi('IdentityMfaTokenRequest');

/** Whether the SMS code reached the sender. */
export const SmsCodeSentSchema = z
  .object({ delivered: z.boolean() })
  .openapi('IdentitySmsCodeSent');

/** A refresh token to rotate. */
export const RefreshRequestSchema = z
  .object({ refreshToken: SecretTokenSchema })
  .strict()
  .openapi('IdentityRefreshRequest');

/** The caller as the verified access token names them. */
export const MeSchema = z
  .object({
    userId: z.string(),
    tenantId: z.string(),
    deviceId: z.string(),
    sessionId: z.string(),
    roles: z.array(z.string()),
    permissions: z.array(z.string()),
    authenticationMethods: z
      .array(z.string())
      .openapi({ description: 'RFC 8176 methods of the sign-in' }),
    accessTokenExpiresAt: InstantSchema,
  })
  .openapi('IdentityMe');
