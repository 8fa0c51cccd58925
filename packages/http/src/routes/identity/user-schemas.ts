import { z } from '@hono/zod-openapi';
import { ROLE_NAME_PATTERN, ROLES_MAX, USER_STATUSES } from '@strongroom/identity';
import { DeviceIdSchema, InstantSchema, UserIdSchema } from './identity-schemas.js';

/** Longest role name (identity's pattern allows 40 characters). */
const ROLE_NAME_MAX_LENGTH = 40;

/** The `{userId}/{deviceId}` path parameters; `all` names every device of the user. */
export const DevicePathSchema = z.object({
  userId: UserIdSchema.openapi({ param: { name: 'userId', in: 'path' } }),
  deviceId: z
    .union([DeviceIdSchema, z.literal('all')])
    .openapi({ param: { name: 'deviceId', in: 'path' }, description: 'A device id, or `all`' }),
});

/** A device as "where you're signed in" shows it. */
export const DeviceSchema = z
  .object({
    deviceId: z.string(),
    label: z.string().nullable(),
    userAgent: z.string().nullable(),
    firstSeenAt: InstantSchema,
    lastSeenAt: InstantSchema,
    revokedAt: InstantSchema.nullable(),
    signedIn: z.boolean().openapi({ description: 'A live session is on the device' }),
  })
  .openapi('IdentityDevice');

/** A user's devices, oldest first. */
export const DeviceListSchema = z
  .object({ devices: z.array(DeviceSchema) })
  .openapi('IdentityDeviceList');

/** How many devices a revocation signed out. */
export const RevokedDevicesSchema = z
  .object({ revoked: z.number().int() })
  .openapi('IdentityRevokedDevices');

/** Everything identity holds about a user (GDPR art. 15 and 20); credentials are never exported. */
export const UserExportSchema = z
  .object({
    formatVersion: z.literal(1),
    userId: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    roles: z.array(z.string()),
    emailVerifiedAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
    secondFactors: z.array(z.string()),
    devices: z.array(DeviceSchema),
  })
  .openapi('IdentityUserExport');

/** What an erasure did; `erased` is false when the user was already erased. */
export const UserErasureSchema = z
  .object({ userId: z.string(), erased: z.boolean() })
  .openapi('IdentityUserErasure');

/** The roles a user holds from now on, replacing the earlier ones. */
export const RolesRequestSchema = z
  .object({
    roles: z
      .array(z.string().max(ROLE_NAME_MAX_LENGTH).regex(ROLE_NAME_PATTERN))
      .max(ROLES_MAX)
      .openapi({ example: ['operator'] }),
  })
  .strict()
  .openapi('IdentityRolesRequest');
