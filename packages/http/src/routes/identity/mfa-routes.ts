import { createRoute, z } from '@hono/zod-openapi';
import { TOTP_DIGITS_MAX } from '@strongroom/identity';
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
import { RecoveryCodesSchema } from './identity-schemas.js';
import {
  PasskeyCreationOptionsSchema,
  PasskeyRegistrationCredentialSchema,
} from './passkey-schemas.js';

// These routes run for a signed-in caller: a wrong code or a refused passkey is a refusal of the
// request (422), not a sign that the access token is bad, which a 401 would tell the client.
const ENROLMENT_STATUSES = {
  'identity.invalid_mfa_code': 422,
  'identity.passkey_failed': 422,
} as const;

const TotpEnrollmentSchema = z
  .object({
    uri: z.string().openapi({
      description: 'The otpauth:// URI to show as a QR code, once; it holds the secret',
      example:
        'otpauth://totp/Strongroom:usr_01h455vb4pex5vsknk084sn02q?secret=…&issuer=Strongroom',
    }),
  })
  .openapi('IdentityTotpEnrollment');

const TotpConfirmSchema = z
  .object({ code: z.string().min(1).max(TOTP_DIGITS_MAX).openapi({ example: '123456' }) })
  .strict()
  .openapi('IdentityTotpConfirm');

const PasskeyRegistrationSchema = z
  .object({ credential: PasskeyRegistrationCredentialSchema })
  .strict()
  .openapi('IdentityPasskeyRegistration');

const beginTotp = createRoute({
  method: 'post',
  path: '/v1/identity/mfa/totp/enrollment',
  tags: ['identity'],
  summary: 'Starts TOTP enrolment: the authenticator app’s secret, shown once',
  security: BEARER_SECURITY,
  responses: {
    200: jsonResponse(TotpEnrollmentSchema, 'Scan it, then confirm with a first code'),
    ...problemResponses(401, 404, 409, 415, 422, 429, 503),
  },
});

const confirmTotp = createRoute({
  method: 'post',
  path: '/v1/identity/mfa/totp/enrollment/confirm',
  tags: ['identity'],
  summary: 'Confirms TOTP with a first code; a first second factor also yields recovery codes',
  security: BEARER_SECURITY,
  request: { body: jsonBody(TotpConfirmSchema) },
  responses: {
    200: jsonResponse(
      RecoveryCodesSchema,
      'Enrolled; recovery codes are empty unless this is the first factor',
    ),
    ...problemResponses(400, 401, 404, 409, 415, 422, 429, 503),
  },
});

const regenerateRecoveryCodes = createRoute({
  method: 'post',
  path: '/v1/identity/mfa/recovery-codes',
  tags: ['identity'],
  summary: 'Replaces the recovery codes; the old ones stop working',
  security: BEARER_SECURITY,
  responses: {
    200: jsonResponse(RecoveryCodesSchema, 'The new codes, shown once'),
    ...problemResponses(401, 404, 415, 422, 429, 503),
  },
});

const enableSms = createRoute({
  method: 'post',
  path: '/v1/identity/mfa/sms',
  tags: ['identity'],
  summary: 'Turns on SMS codes for the phone on record',
  security: BEARER_SECURITY,
  responses: {
    204: { description: 'SMS codes are on' },
    ...problemResponses(401, 404, 409, 415, 422, 429, 503),
  },
});

const beginPasskey = createRoute({
  method: 'post',
  path: '/v1/identity/mfa/passkeys/registration-options',
  tags: ['identity'],
  summary: 'Options for navigator.credentials.create(); the challenge lasts five minutes',
  security: BEARER_SECURITY,
  responses: {
    200: jsonResponse(PasskeyCreationOptionsSchema, 'The creation options'),
    ...problemResponses(401, 404, 415, 422, 429, 503),
  },
});

const finishPasskey = createRoute({
  method: 'post',
  path: '/v1/identity/mfa/passkeys',
  tags: ['identity'],
  summary: 'Registers the passkey the browser created',
  security: BEARER_SECURITY,
  request: { body: jsonBody(PasskeyRegistrationSchema) },
  responses: {
    201: jsonResponse(
      RecoveryCodesSchema,
      'Registered; recovery codes are empty unless this is the first factor',
    ),
    ...problemResponses(400, 401, 404, 415, 422, 429, 503),
  },
});

/** Enrolment of the caller's own second factors: TOTP, recovery codes, SMS and passkeys. */
export function registerMfaRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { identity } = dependencies;
  const guarded = dependencies.guarded();
  const secretsGuarded = [noStore, ...guarded];

  app.openapi({ ...beginTotp, middleware: secretsGuarded }, async (c) => {
    const enrollment = await identity.mfa.beginTotpEnrollment(principalOf(c), requestIdsOf(c));
    return c.json(toWire(valueOrProblem(enrollment, ENROLMENT_STATUSES)), 200);
  });

  app.openapi({ ...confirmTotp, middleware: secretsGuarded }, async (c) => {
    const confirmed = await identity.mfa.confirmTotpEnrollment(
      principalOf(c),
      c.req.valid('json').code,
      requestIdsOf(c),
    );
    return c.json(toWire(valueOrProblem(confirmed, ENROLMENT_STATUSES)), 200);
  });

  app.openapi({ ...regenerateRecoveryCodes, middleware: secretsGuarded }, async (c) => {
    const codes = await identity.mfa.regenerateRecoveryCodes(principalOf(c), requestIdsOf(c));
    return c.json(toWire(valueOrProblem(codes, ENROLMENT_STATUSES)), 200);
  });

  app.openapi({ ...enableSms, middleware: guarded }, async (c) => {
    valueOrProblem(
      await identity.mfa.enableSms(principalOf(c), requestIdsOf(c)),
      ENROLMENT_STATUSES,
    );
    return c.body(null, 204);
  });

  app.openapi({ ...beginPasskey, middleware: secretsGuarded }, async (c) => {
    const options = await identity.passkeys.beginRegistration(principalOf(c));
    return c.json(toWire(valueOrProblem(options, ENROLMENT_STATUSES)), 200);
  });

  app.openapi({ ...finishPasskey, middleware: secretsGuarded }, async (c) => {
    const registered = await identity.passkeys.finishRegistration(
      principalOf(c),
      c.req.valid('json').credential,
      requestIdsOf(c),
    );
    return c.json(toWire(valueOrProblem(registered, ENROLMENT_STATUSES)), 201);
  });
}
