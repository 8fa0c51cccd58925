import { createRoute } from '@hono/zod-openapi';
import { DEVICE_TEXT_MAX_LENGTH } from '@strongroom/identity';
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
import { meView, mfaRequiredView, signedInView } from './identity-views.js';
import { PasskeyRequestOptionsSchema } from './passkey-schemas.js';
import {
  LoginRequestSchema,
  LoginResultSchema,
  MeSchema,
  MfaLoginRequestSchema,
  MfaTokenRequestSchema,
  RefreshRequestSchema,
  SignedInSchema,
  SmsCodeSentSchema,
} from './session-schemas.js';

const login = createRoute({
  method: 'post',
  path: '/v1/identity/login',
  tags: ['identity'],
  summary: 'Signs in with email and password',
  description:
    'Answers a token pair, or an MFA token when the user enrolled a second factor. An unknown email, a wrong password and a locked account get the same problem.',
  request: { body: jsonBody(LoginRequestSchema) },
  responses: {
    200: jsonResponse(LoginResultSchema, 'Signed in, or a second factor is required'),
    ...problemResponses(400, 401, 403, 415, 422, 429, 503),
  },
});

const completeMfaLogin = createRoute({
  method: 'post',
  path: '/v1/identity/login/mfa',
  tags: ['identity'],
  summary: 'Finishes a sign-in with a second factor',
  request: { body: jsonBody(MfaLoginRequestSchema) },
  responses: {
    200: jsonResponse(SignedInSchema, 'Signed in'),
    ...problemResponses(400, 401, 415, 422, 429, 503),
  },
});

const sendLoginSmsCode = createRoute({
  method: 'post',
  path: '/v1/identity/login/mfa/sms-code',
  tags: ['identity'],
  summary: 'Texts a code for a pending sign-in',
  request: { body: jsonBody(MfaTokenRequestSchema) },
  responses: {
    200: jsonResponse(SmsCodeSentSchema, 'A code replaced any earlier one'),
    ...problemResponses(400, 401, 415, 422, 429, 503),
  },
});

const passkeyLoginOptions = createRoute({
  method: 'post',
  path: '/v1/identity/login/mfa/passkey-options',
  tags: ['identity'],
  summary: 'Options for navigator.credentials.get() for a pending sign-in',
  request: { body: jsonBody(MfaTokenRequestSchema) },
  responses: {
    200: jsonResponse(PasskeyRequestOptionsSchema, 'The assertion options'),
    ...problemResponses(400, 401, 415, 422, 429, 503),
  },
});

const refresh = createRoute({
  method: 'post',
  path: '/v1/identity/refresh',
  tags: ['identity'],
  summary: 'Rotates a refresh token into a new token pair',
  description:
    'Every refresh token works once. One that comes back after its rotation ends its session: both holders must sign in again.',
  request: { body: jsonBody(RefreshRequestSchema) },
  responses: {
    200: jsonResponse(SignedInSchema, 'A new token pair'),
    ...problemResponses(400, 401, 415, 429, 503),
  },
});

const logout = createRoute({
  method: 'post',
  path: '/v1/identity/logout',
  tags: ['identity'],
  summary: 'Ends the caller’s session and denies its access tokens',
  security: BEARER_SECURITY,
  responses: {
    204: { description: 'Signed out' },
    ...problemResponses(401, 415, 429, 503),
  },
});

const me = createRoute({
  method: 'get',
  path: '/v1/identity/me',
  tags: ['identity'],
  summary: 'The caller, as their access token names them',
  description:
    'Read from the verified token, so it costs no storage read; the full profile is the export route’s.',
  security: BEARER_SECURITY,
  responses: {
    200: jsonResponse(MeSchema, 'The caller'),
    ...problemResponses(401, 429),
  },
});

/** Sign-in, second factors at sign-in, refresh, sign-out and the caller's own view. */
export function registerSessionRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { identity, open } = dependencies;
  const secretsOpen = [noStore, ...open];

  app.openapi({ ...login, middleware: secretsOpen }, async (c) => {
    const body = c.req.valid('json');
    const device = body.device ?? {};
    const result = valueOrProblem(
      await identity.login({
        tenantId: dependencies.publicTenant(c),
        email: body.email,
        password: body.password,
        device: {
          deviceId: device.deviceId,
          label: device.label,
          userAgent:
            device.userAgent ?? c.req.header('user-agent')?.slice(0, DEVICE_TEXT_MAX_LENGTH),
        },
        clientAddress: dependencies.clientAddress(c),
        request: requestIdsOf(c),
      }),
    );
    const view = result.status === 'signed_in' ? signedInView(result) : mfaRequiredView(result);
    return c.json(toWire(view), 200);
  });

  app.openapi({ ...completeMfaLogin, middleware: secretsOpen }, async (c) => {
    const body = c.req.valid('json');
    const tenantId = dependencies.publicTenant(c);
    const request = requestIdsOf(c);
    const signedIn =
      body.method === 'passkey'
        ? await identity.passkeys.completeLogin({
            tenantId,
            mfaToken: body.mfaToken,
            response: body.credential,
            request,
          })
        : await identity.mfa.completeLogin({
            tenantId,
            mfaToken: body.mfaToken,
            method: body.method,
            code: body.code,
            request,
          });
    return c.json(toWire(signedInView(valueOrProblem(signedIn))), 200);
  });

  app.openapi({ ...sendLoginSmsCode, middleware: open }, async (c) => {
    const sent = await identity.mfa.sendLoginSmsCode({
      tenantId: dependencies.publicTenant(c),
      mfaToken: c.req.valid('json').mfaToken,
    });
    return c.json(toWire(valueOrProblem(sent)), 200);
  });

  app.openapi({ ...passkeyLoginOptions, middleware: secretsOpen }, async (c) => {
    const options = await identity.passkeys.beginLogin({
      tenantId: dependencies.publicTenant(c),
      mfaToken: c.req.valid('json').mfaToken,
    });
    return c.json(toWire(valueOrProblem(options)), 200);
  });

  app.openapi({ ...refresh, middleware: secretsOpen }, async (c) => {
    const signedIn = await identity.refresh({
      tenantId: dependencies.publicTenant(c),
      refreshToken: c.req.valid('json').refreshToken,
      request: requestIdsOf(c),
    });
    return c.json(toWire(signedInView(valueOrProblem(signedIn))), 200);
  });

  app.openapi({ ...logout, middleware: dependencies.guarded() }, async (c) => {
    valueOrProblem(await identity.logout(principalOf(c), requestIdsOf(c)));
    return c.body(null, 204);
  });

  app.openapi({ ...me, middleware: dependencies.guarded() }, async (c) => {
    const principal = principalOf(c);
    const view = meView(principal, dependencies.authorization.permissionsOf(principal.roles));
    return c.json(toWire(view), 200);
  });
}
