import { createRoute, z } from '@hono/zod-openapi';
import { JWKS_CACHE_TTL_MS, SIGNING_ALGORITHMS } from '@strongroom/identity';
import { principalOf } from '../../middleware/authenticate.js';
import { BEARER_SECURITY, jsonResponse, problemResponses } from '../../schemas/common-schemas.js';
import { toWire } from '../../wire/to-wire.js';
import {
  type HttpApp,
  type RouteDependencies,
  requestIdsOf,
  valueOrProblem,
} from '../route-dependencies.js';

const SigningKeyRotationSchema = z
  .object({
    kid: z.string().openapi({ description: 'The key that signs from now on' }),
    retiredKid: z
      .string()
      .nullable()
      .openapi({ description: 'The key that verifies until its tokens have expired' }),
  })
  .openapi('IdentitySigningKeyRotation');

const JsonWebKeySetSchema = z
  .object({
    keys: z.array(
      z.object({
        kid: z.string(),
        alg: z.enum(SIGNING_ALGORITHMS),
        use: z.literal('sig'),
        kty: z.string(),
        crv: z.string(),
        x: z.string(),
        y: z.string().optional(),
      }),
    ),
  })
  .openapi('IdentityJsonWebKeySet');

const rotateSigningKey = createRoute({
  method: 'post',
  path: '/v1/identity/signing-keys/rotate',
  tags: ['identity'],
  summary: 'Starts signing the tenant’s access tokens with a new key (identity.signing_key.rotate)',
  security: BEARER_SECURITY,
  responses: {
    200: jsonResponse(SigningKeyRotationSchema, 'The new key signs; the old one still verifies'),
    ...problemResponses(401, 403, 415, 429, 503),
  },
});

const jwks = createRoute({
  method: 'get',
  path: '/v1/identity/jwks',
  tags: ['identity'],
  summary: 'The tenant’s public keys (RFC 7517), for services that verify access tokens themselves',
  responses: {
    200: jsonResponse(JsonWebKeySetSchema, 'The keys that may still verify'),
    ...problemResponses(404, 429, 503),
  },
});

/** Signing-key rotation and the public JWKS of the host's tenant. */
export function registerSigningKeyRoutes(app: HttpApp, dependencies: RouteDependencies): void {
  const { identity } = dependencies;

  app.openapi({ ...rotateSigningKey, middleware: dependencies.guarded() }, async (c) => {
    const rotated = await identity.rotateSigningKey(principalOf(c), requestIdsOf(c));
    return c.json(toWire(valueOrProblem(rotated)), 200);
  });

  app.openapi({ ...jwks, middleware: dependencies.open }, async (c) => {
    const keys = valueOrProblem(await identity.accessTokens.jwks(dependencies.publicTenant(c)));
    // As long as identity's own JWKS cache: a rotation reaches verifiers when it reaches signers.
    c.header('cache-control', `public, max-age=${JWKS_CACHE_TTL_MS / 1000}`);
    return c.json(toWire(keys), 200);
  });
}
