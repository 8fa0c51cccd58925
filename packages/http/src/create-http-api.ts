import { OpenAPIHono } from '@hono/zod-openapi';
import {
  cardSafeIds,
  createProcessRateLimiter,
  createStorageIdempotencyStore,
} from '@strongroom/kernel';
import type { Strongroom } from '@strongroom/sdk';
import { FIELDS_KEK_DEFAULT } from '@strongroom/vault';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { HttpApiOptions } from './http-api-options.js';
import type { HttpEnv } from './http-env.js';
import type { Logger } from './logging/logger.js';
import { createPinoLogger } from './logging/pino-logger.js';
import { authenticate, requirePermission } from './middleware/authenticate.js';
import { deprecationHeaders } from './middleware/deprecation.js';
import { idempotency } from './middleware/idempotency.js';
import { HTTP_RATE_LIMITS_DEFAULT, rateLimit } from './middleware/rate-limit.js';
import { requestContext } from './middleware/request-context.js';
import { headerLimit, jsonBodyOnly, REQUEST_LIMITS_DEFAULT } from './middleware/request-limits.js';
import { HttpProblem, httpProblem, problemResponse } from './problems/problem-details.js';
import { registerAuditRoutes } from './routes/audit/audit-routes.js';
import { registerDisputeRoutes } from './routes/disputes/dispute-routes.js';
import { defaultReadinessChecks, registerHealthRoutes } from './routes/health-routes.js';
import { registerIdentityRoutes } from './routes/identity/identity-routes.js';
import { registerLedgerRoutes } from './routes/ledger/ledger-routes.js';
import { postingTemplatesByName } from './routes/ledger/posting-templates-by-name.js';
import { registerOpenApiRoutes } from './routes/openapi-routes.js';
import type { HttpApp, RouteDependencies } from './routes/route-dependencies.js';
import { registerVaultRoutes } from './routes/vault/vault-routes.js';
import { PAGE_SIZE_MAX } from './schemas/common-schemas.js';

/** The idempotency defaults: keys replay for 24 hours; a crashed execution frees its key after 60 s. */
const IDEMPOTENCY_TTL_MS_DEFAULT = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_LEASE_MS_DEFAULT = 60_000;

/** What the Node and Lambda adapters put in Hono's environment that names the client. */
interface PeerEnvironment {
  readonly incoming?: { readonly socket?: { readonly remoteAddress?: string } };
  readonly event?: { readonly requestContext?: { readonly http?: { readonly sourceIp?: string } } };
}

// The socket's peer on Node (`@hono/node-server`), API Gateway's source IP on Lambda. Behind
// another proxy the host passes `clientAddress` and decides which forwarded header to trust.
function peerAddress(environment: unknown): string {
  const peer = environment as PeerEnvironment | undefined;
  return (
    peer?.incoming?.socket?.remoteAddress ??
    peer?.event?.requestContext?.http?.sourceIp ??
    'unknown'
  );
}

// Validation failures name where and why, never the submitted value (it may be a password or PAN).
function validationHook(
  result: {
    success: boolean;
    target: string;
    error?: { issues: readonly { path: readonly PropertyKey[]; code: string }[] };
  },
  _c: Context<HttpEnv>,
) {
  if (result.success || result.error === undefined) return;
  const errors = result.error.issues.slice(0, 20).map((issue) => ({
    in: result.target,
    path: issue.path.map(String).join('.'),
    code: issue.code,
  }));
  throw httpProblem(400, 'request.invalid', 'The request does not match the schema', { errors });
}

function handleError(logger: Logger) {
  return (error: Error, c: Context<HttpEnv>): Response => {
    const requestId = c.get('requestId') ?? 'unknown';
    if (error instanceof HttpProblem) {
      if (error.problem.status >= 500)
        (c.get('log') ?? logger).log('error', 'dependency failed', { problem: error.problem });
      return problemResponse(error.problem, requestId, error.headers);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own refusals (malformed JSON): the status is right, the message is not ours to echo.
      const problem = httpProblem(error.status, 'request.malformed', 'Malformed request');
      return problemResponse(problem.problem, requestId);
    }
    // A bug: logged with its (redacted) message, answered without a trace of it.
    (c.get('log') ?? logger).log('error', 'unhandled error', { error });
    const problem = httpProblem(500, 'internal', 'Internal server error');
    return problemResponse(problem.problem, requestId);
  };
}

/**
 * The Strongroom REST API under `/v1` as a Hono app: `app.fetch(request)` answers a WHATWG
 * `Request` with a `Response`, so Node (`@hono/node-server`), Express, Lambda (`hono/aws-lambda`)
 * and any fetch-speaking host mount the same handler. Needs identity configured on the SDK: every
 * route but sign-up, sign-in and health takes a bearer access token.
 */
export function createHttpApi(strongroom: Strongroom, options: HttpApiOptions): HttpApp {
  const identity = strongroom.identity;
  if (identity === undefined) throw new Error('createHttpApi needs identity configured on the SDK');
  const logger = options.logger ?? createPinoLogger();
  const limits = { ...REQUEST_LIMITS_DEFAULT, ...options.limits };
  const rateLimits = { ...HTTP_RATE_LIMITS_DEFAULT, ...options.rateLimits };
  // The edge's limits protect capacity, so a count per process is enough and costs no store trip.
  const limiter = options.rateLimiter ?? createProcessRateLimiter();
  const clientAddress = (c: Context<HttpEnv>) =>
    options.clientAddress?.(c.req.raw, c.env) ?? peerAddress(c.env);
  const publicTenant = (c: Context<HttpEnv>) => {
    const tenant =
      typeof options.publicTenant === 'function'
        ? options.publicTenant(c.req.raw)
        : options.publicTenant;
    if (tenant === undefined)
      throw httpProblem(404, 'request.unknown_tenant', 'No tenant serves this host');
    return tenant;
  };
  const idempotent = idempotency(
    {
      store:
        options.idempotency?.store ??
        createStorageIdempotencyStore({ storage: strongroom.storage, clock: strongroom.clock }),
      cipher: strongroom.vault.cipher,
      keyId: FIELDS_KEK_DEFAULT,
      ttlMs: options.idempotency?.ttlMs ?? IDEMPOTENCY_TTL_MS_DEFAULT,
      leaseMs: options.idempotency?.leaseMs ?? IDEMPOTENCY_LEASE_MS_DEFAULT,
    },
    (c) => {
      const principal = c.get('principal');
      return principal === undefined
        ? { tenantId: publicTenant(c), caller: 'public' }
        : { tenantId: principal.tenantId, caller: `user:${principal.userId}` };
    },
  );
  const limited = rateLimit(limiter, rateLimits, (c) => ({
    tenantId: publicTenant(c),
    key: `address:${clientAddress(c)}`,
  }));
  const authenticated = authenticate(identity);
  const dependencies: RouteDependencies = {
    strongroom,
    identity,
    authorization: identity.authorization,
    guarded: (permission) =>
      permission === undefined
        ? [authenticated, limited, idempotent]
        : [
            authenticated,
            requirePermission(identity.authorization, permission),
            limited,
            idempotent,
          ],
    open: [limited, idempotent],
    publicTenant,
    clientAddress,
    pageSizeMax: PAGE_SIZE_MAX,
    // Asserts unique names: two templates under one name are a programmer error.
    postingTemplates: postingTemplatesByName(options.postingTemplates ?? []),
  };

  const app: HttpApp = new OpenAPIHono<HttpEnv>({ defaultHook: validationHook });
  // Request ids go into audit leaves, which refuse card-number-like runs (a no-op on a facade's ids).
  const requestIds = cardSafeIds(strongroom.ids);
  app.use(
    '*',
    requestContext(logger, () => requestIds.next('req')),
  );
  app.use('*', headerLimit(limits));
  app.use('*', secureHeaders());
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    app.use(
      '*',
      cors({
        origin: [...options.corsOrigins],
        allowHeaders: [
          'authorization',
          'content-type',
          'idempotency-key',
          'x-request-id',
          'x-correlation-id',
        ],
        exposeHeaders: [
          'ratelimit',
          'ratelimit-policy',
          'retry-after',
          'x-request-id',
          'idempotency-replayed',
        ],
      }),
    );
  }
  app.use('*', jsonBodyOnly(limits));
  app.use('*', deprecationHeaders(options.deprecations ?? []));
  app.onError(handleError(logger));
  app.notFound((c) =>
    problemResponse(
      httpProblem(404, 'request.route_not_found', 'No such route').problem,
      c.get('requestId') ?? 'unknown',
    ),
  );

  registerHealthRoutes(app, { ...defaultReadinessChecks(strongroom), ...options.readinessChecks });
  registerIdentityRoutes(app, dependencies);
  registerVaultRoutes(app, dependencies);
  registerLedgerRoutes(app, dependencies);
  registerDisputeRoutes(app, dependencies);
  registerAuditRoutes(app, dependencies);
  registerOpenApiRoutes(app);
  return app;
}
