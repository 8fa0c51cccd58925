import { z } from '@hono/zod-openapi';
import {
  EMAIL_MAX_LENGTH,
  LOGIN_PASSWORD_MAX_LENGTH,
  PASSWORD_INPUT_MAX_LENGTH,
  SECRET_TOKEN_LENGTH,
} from '@strongroom/identity';
import { typeIdSchema } from '../../schemas/common-schemas.js';

/** An email address as typed; identity normalizes and checks it. */
export const EmailSchema = z
  .string()
  .min(1)
  .max(EMAIL_MAX_LENGTH)
  .openapi({ example: 'ann@example.com' });

/** A new password; identity's policy (NIST SP 800-63B) decides whether it is strong enough. */
export const NewPasswordSchema = z
  .string()
  .min(1)
  .max(PASSWORD_INPUT_MAX_LENGTH)
  .openapi({ format: 'password', description: 'Checked against the password policy' });

/** A password presented at sign-in. */
export const PasswordSchema = z
  .string()
  .min(1)
  .max(LOGIN_PASSWORD_MAX_LENGTH)
  .openapi({ format: 'password' });

/**
 * A single-use secret: an emailed verification or reset token, a refresh token, an MFA token. Only
 * its length is bounded here; identity refuses any other shape without a lookup.
 */
export const SecretTokenSchema = z
  .string()
  .min(1)
  .max(SECRET_TOKEN_LENGTH)
  .openapi({ description: 'A 256-bit secret as 64 lowercase hex digits' });

/** A user's id. */
export const UserIdSchema = typeIdSchema('usr');

/** A device's id. */
export const DeviceIdSchema = typeIdSchema('dev');

/** The `{userId}` path parameter. */
export const UserPathSchema = z.object({
  userId: UserIdSchema.openapi({ param: { name: 'userId', in: 'path' } }),
});

/** An instant as ISO 8601 (UTC). */
export const InstantSchema = z
  .string()
  .openapi({ format: 'date-time', example: '2026-01-01T12:00:00.000Z' });

/** A user's id in a response. */
export const UserReferenceSchema = z
  .object({ userId: z.string() })
  .openapi('IdentityUserReference');

/** Recovery codes, shown once: each finishes one sign-in when the second factor is lost. */
export const RecoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()) })
  .openapi('IdentityRecoveryCodes');
