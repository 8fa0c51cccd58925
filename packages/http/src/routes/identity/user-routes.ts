import { createRoute } from '@hono/zod-openapi';
import type { UserAdministration, UserExport } from '@strongroom/identity';
import type { Context } from 'hono';
import type { HttpEnv } from '../../http-env.js';
import { principalOf } from '../../middleware/authenticate.js';
import { noStore } from '../../middleware/no-store.js';
import {
  BEARER_SECURITY,
  jsonBody,
  jsonResponse,
  problemResponses,
} from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import {
  type HttpApp,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';
import { UserPathSchema } from './identity-schemas.js';
import { deviceView } from './identity-views.js';
import {
  DeviceListSchema,
  DevicePathSchema,
  RevokedDevicesSchema,
  RolesRequestSchema,
  UserErasureSchema,
  UserExportSchema,
} from './user-schemas.js';

const listDevices = createRoute({
  method: 'get',
  path: '/v1/identity/users/{userId}/devices',
  tags: ['identity'],
  summary: 'A user’s devices: one’s own, or anyone’s with identity.user.read',
  security: BEARER_SECURITY,
  request: { params: UserPathSchema },
  responses: {
    200: jsonResponse(DeviceListSchema, 'The devices, oldest first'),
    ...problemResponses(400, 401, 403, 429, 503),
  },
});

const revokeDevice = createRoute({
  method: 'delete',
  path: '/v1/identity/users/{userId}/devices/{deviceId}',
  tags: ['identity'],
  summary: 'Signs a device (or `all`) out: one’s own, or anyone’s with identity.device.revoke',
  description: 'Its refresh tokens stop working and its live access tokens are denied at once.',
  security: BEARER_SECURITY,
  request: { params: DevicePathSchema },
  responses: {
    200: jsonResponse(RevokedDevicesSchema, 'How many devices were signed out'),
    ...problemResponses(400, 401, 403, 404, 429, 503),
  },
});

const exportUser = createRoute({
  method: 'get',
  path: '/v1/identity/users/{userId}/export',
  tags: ['identity'],
  summary: 'Everything identity holds about a user (GDPR art. 15 and 20)',
  description: 'One’s own, or anyone’s with identity.user.export; every export is audited.',
  security: BEARER_SECURITY,
  request: { params: UserPathSchema },
  responses: {
    200: jsonResponse(UserExportSchema, 'The user’s data'),
    ...problemResponses(400, 401, 403, 404, 429, 503),
  },
});

const eraseUser = createRoute({
  method: 'delete',
  path: '/v1/identity/users/{userId}',
  tags: ['identity'],
  summary: 'Erases a user (GDPR art. 17): oneself, or anyone with identity.user.erase',
  description:
    'A tombstone keeps the id valid for ledger and audit references; personal data is dropped and the user’s key destroyed. Safe to repeat.',
  security: BEARER_SECURITY,
  request: { params: UserPathSchema },
  responses: {
    200: jsonResponse(UserErasureSchema, 'The erasure report'),
    ...problemResponses(400, 401, 403, 404, 429, 503),
  },
});

const assignRoles = createRoute({
  method: 'put',
  path: '/v1/identity/users/{userId}/roles',
  tags: ['identity'],
  summary: 'Replaces a user’s roles (identity.user.assign_roles; never one’s own)',
  description: 'Access tokens issued from now on carry the new roles.',
  security: BEARER_SECURITY,
  request: { params: UserPathSchema, body: jsonBody(RolesRequestSchema) },
  responses: {
    204: { description: 'The roles are assigned' },
    ...problemResponses(400, 401, 403, 404, 415, 422, 429, 503),
  },
});

const suspendUser = createRoute({
  method: 'post',
  path: '/v1/identity/users/{userId}/suspend',
  tags: ['identity'],
  summary: 'Suspends a user and signs every device out (identity.user.manage)',
  security: BEARER_SECURITY,
  request: { params: UserPathSchema },
  responses: {
    204: { description: 'Suspended' },
    ...problemResponses(400, 401, 403, 404, 415, 429, 503),
  },
});

const reinstateUser = createRoute({
  method: 'post',
  path: '/v1/identity/users/{userId}/reinstate',
  tags: ['identity'],
  summary: 'Lifts a suspension or lockout (identity.user.manage)',
  security: BEARER_SECURITY,
  request: { params: UserPathSchema },
  responses: {
    204: { description: 'Reinstated' },
    ...problemResponses(400, 401, 403, 404, 415, 429, 503),
  },
});

/** The export with its devices shown like the device list's. */
function exportView(data: UserExport) {
  return { ...data, devices: data.devices.map(deviceView) };
}

/**
 * Devices, export, erasure and administration of users. Each route is open to any signed-in
 * caller: identity allows one's own account or the route's permission, and audits a refusal.
 */
export function registerUserRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { identity } = dependencies;
  const guarded = dependencies.guarded();

  app.openapi({ ...listDevices, middleware: guarded }, async (c) => {
    const devices = valueOrProblem(
      await identity.listDevices(principalOf(c), c.req.valid('param').userId),
    );
    return c.json(toWire({ devices: devices.map(deviceView) }), 200);
  });

  app.openapi({ ...revokeDevice, middleware: guarded }, async (c) => {
    const { userId, deviceId } = c.req.valid('param');
    const revoked = await identity.revokeDevice(principalOf(c), userId, deviceId, requestIdsOf(c));
    return c.json(toWire(valueOrProblem(revoked)), 200);
  });

  app.openapi({ ...exportUser, middleware: [noStore, ...guarded] }, async (c) => {
    const exported = await identity.exportUser(
      principalOf(c),
      c.req.valid('param').userId,
      requestIdsOf(c),
    );
    return c.json(toWire(exportView(valueOrProblem(exported))), 200);
  });

  app.openapi({ ...eraseUser, middleware: guarded }, async (c) => {
    const erased = await identity.eraseUser(
      principalOf(c),
      c.req.valid('param').userId,
      requestIdsOf(c),
    );
    return c.json(toWire(valueOrProblem(erased)), 200);
  });

  const administer = async (c: Context<HttpEnv>, userId: string, change: UserAdministration) =>
    valueOrProblem(await identity.administer(principalOf(c), userId, change, requestIdsOf(c)));

  app.openapi({ ...assignRoles, middleware: guarded }, async (c) => {
    await administer(c, c.req.valid('param').userId, {
      kind: 'assign_roles',
      roles: c.req.valid('json').roles,
    });
    return c.body(null, 204);
  });

  app.openapi({ ...suspendUser, middleware: guarded }, async (c) => {
    await administer(c, c.req.valid('param').userId, { kind: 'suspend' });
    return c.body(null, 204);
  });

  app.openapi({ ...reinstateUser, middleware: guarded }, async (c) => {
    await administer(c, c.req.valid('param').userId, { kind: 'reinstate' });
    return c.body(null, 204);
  });
}
