import { createRoute, z } from '@hono/zod-openapi';
import { jsonBody, jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import {
  type HttpApp,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';
import {
  EmailSchema,
  NewPasswordSchema,
  SecretTokenSchema,
  UserReferenceSchema,
} from './identity-schemas.js';

/** Longest phone number read; identity parses it as E.164. */
const PHONE_MAX_LENGTH = 32;

const RegisterRequestSchema = z
  .object({
    email: EmailSchema,
    password: NewPasswordSchema,
    phone: z.string().min(1).max(PHONE_MAX_LENGTH).optional().openapi({ example: '+447700900123' }),
  })
  .strict()
  .openapi('IdentityRegisterRequest');

const RegisteredSchema = z
  .object({
    userId: z.string(),
    verificationDelivered: z
      .boolean()
      .openapi({ description: 'False when the email could not be sent; ask for it again' }),
  })
  .openapi('IdentityRegistered');

const EmailTokenRequestSchema = z
  .object({ token: SecretTokenSchema })
  .strict()
  .openapi('IdentityEmailTokenRequest');

const EmailRequestSchema = z
  .object({ email: EmailSchema })
  .strict()
  .openapi('IdentityEmailRequest');

const PasswordResetConfirmSchema = z
  .object({ token: SecretTokenSchema, newPassword: NewPasswordSchema })
  .strict()
  .openapi('IdentityPasswordResetConfirm');

const register = createRoute({
  method: 'post',
  path: '/v1/identity/register',
  tags: ['identity'],
  summary: 'Registers a user and emails a verification token',
  description:
    'An email that already has an account is answered like a new one (no account enumeration); only the owner of the address can finish either.',
  request: { body: jsonBody(RegisterRequestSchema) },
  responses: {
    201: jsonResponse(RegisteredSchema, 'Registered, pending email verification'),
    ...problemResponses(400, 413, 415, 422, 429, 503),
  },
});

const verifyEmail = createRoute({
  method: 'post',
  path: '/v1/identity/email-verification',
  tags: ['identity'],
  summary: 'Confirms an email with the emailed token',
  request: { body: jsonBody(EmailTokenRequestSchema) },
  responses: {
    200: jsonResponse(UserReferenceSchema, 'The email is verified'),
    ...problemResponses(400, 404, 415, 422, 429, 503),
  },
});

const resendVerification = createRoute({
  method: 'post',
  path: '/v1/identity/email-verification/resend',
  tags: ['identity'],
  summary: 'Sends a new verification token to an unverified email',
  description: 'Answers the same whether or not the email has an unverified account.',
  request: { body: jsonBody(EmailRequestSchema) },
  responses: {
    202: { description: 'A token is on its way if the email awaits verification' },
    ...problemResponses(400, 415, 422, 429, 503),
  },
});

const requestPasswordReset = createRoute({
  method: 'post',
  path: '/v1/identity/password-reset',
  tags: ['identity'],
  summary: 'Emails a password-reset token',
  description: 'Answers the same whether or not the email has an account.',
  request: { body: jsonBody(EmailRequestSchema) },
  responses: {
    202: { description: 'A token is on its way if the email has an account' },
    ...problemResponses(400, 415, 422, 429, 503),
  },
});

const resetPassword = createRoute({
  method: 'post',
  path: '/v1/identity/password-reset/confirm',
  tags: ['identity'],
  summary: 'Sets a new password with a reset token and signs every device out',
  request: { body: jsonBody(PasswordResetConfirmSchema) },
  responses: {
    200: jsonResponse(UserReferenceSchema, 'The password is changed'),
    ...problemResponses(400, 415, 422, 429, 503),
  },
});

/** Registration, email verification and password reset: public routes of the host's tenant. */
export function registerRegistrationRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { identity, open } = dependencies;

  app.openapi({ ...register, middleware: open }, async (c) => {
    const body = c.req.valid('json');
    const registered = await identity.register({
      tenantId: dependencies.publicTenant(c),
      email: body.email,
      password: body.password,
      phone: body.phone,
      clientAddress: dependencies.clientAddress(c),
      request: requestIdsOf(c),
    });
    if (registered.isErr() && registered.error.type === 'identity.email_taken') {
      // As identity asks of public edges: a taken email looks like a new account, with an id
      // that names nobody. The owner of the address already has their account.
      return c.json(
        { userId: dependencies.strongroom.ids.next('usr'), verificationDelivered: true },
        201,
      );
    }
    return c.json(toWire(valueOrProblem(registered)), 201);
  });

  app.openapi({ ...verifyEmail, middleware: open }, async (c) => {
    const verified = await identity.verifyEmail({
      tenantId: dependencies.publicTenant(c),
      token: c.req.valid('json').token,
      request: requestIdsOf(c),
    });
    return c.json(toWire(valueOrProblem(verified)), 200);
  });

  app.openapi({ ...resendVerification, middleware: open }, async (c) => {
    valueOrProblem(
      await identity.resendVerification({
        tenantId: dependencies.publicTenant(c),
        email: c.req.valid('json').email,
        request: requestIdsOf(c),
      }),
    );
    return c.body(null, 202);
  });

  app.openapi({ ...requestPasswordReset, middleware: open }, async (c) => {
    valueOrProblem(
      await identity.requestPasswordReset({
        tenantId: dependencies.publicTenant(c),
        email: c.req.valid('json').email,
        request: requestIdsOf(c),
      }),
    );
    return c.body(null, 202);
  });

  app.openapi({ ...resetPassword, middleware: open }, async (c) => {
    const body = c.req.valid('json');
    const reset = await identity.resetPassword({
      tenantId: dependencies.publicTenant(c),
      token: body.token,
      newPassword: body.newPassword,
      request: requestIdsOf(c),
    });
    return c.json(toWire(valueOrProblem(reset)), 200);
  });
}
