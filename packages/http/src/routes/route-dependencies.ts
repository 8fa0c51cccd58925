import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuditActor } from '@strongroom/audit';
import type { AuthenticatedPrincipal, Authorization, Identity } from '@strongroom/identity';
import type { DomainError, Result, TenantId } from '@strongroom/kernel';
import type { PostingTemplate } from '@strongroom/ledger';
import type { Strongroom } from '@strongroom/sdk';
import type { Context, MiddlewareHandler } from 'hono';
import type { HttpEnv } from '../http-env.js';
import { principalOf } from '../middleware/authenticate.js';
import { domainProblem } from '../problems/domain-problem.js';

/** The app every route module registers its routes on. */
export type HttpApp = OpenAPIHono<HttpEnv>;

/** What every route module gets: the SDK and the middleware chains of its two kinds of route. */
export interface RouteDependencies {
  readonly strongroom: Strongroom;
  readonly identity: Identity;
  readonly authorization: Authorization;
  /**
   * The chain of an authenticated route: bearer token, `permission` when given (a route without
   * one checks the principal's rights itself, as identity's own-or-permitted routes do), rate
   * limit, `Idempotency-Key`.
   */
  guarded(permission?: string): MiddlewareHandler<HttpEnv>[];
  /** The chain of a public route (sign-up, sign-in): rate limit per address, `Idempotency-Key`. */
  readonly open: MiddlewareHandler<HttpEnv>[];
  /** The tenant of a public request, as the host resolves it. */
  publicTenant(c: Context<HttpEnv>): TenantId;
  /** The client's network address, for identity's per-address limits. */
  clientAddress(c: Context<HttpEnv>): string;
  /** Largest page a list route returns. */
  readonly pageSizeMax: number;
  /** The host's posting templates by name, as the template routes apply them. */
  readonly postingTemplates: ReadonlyMap<string, PostingTemplate>;
}

/**
 * The value of an ok result; an error becomes the problem response of its type, with the status
 * `statusByType` gives a route where the general mapping would mislead its clients.
 */
export function valueOrProblem<Value, Failure extends DomainError>(
  result: Result<Value, Failure>,
  statusByType: Readonly<Record<string, number>> = {},
): Value {
  if (result.isErr()) throw domainProblem(result.error, statusByType[result.error.type]);
  return result.value;
}

/** The audit actor of the signed-in caller. */
export function actorOf(principal: AuthenticatedPrincipal): AuditActor {
  return { type: 'user', id: principal.userId };
}

/** The request and correlation ids every audit leaf and outbox event of the request carries. */
export function requestIdsOf(c: Context<HttpEnv>) {
  return { requestId: c.get('requestId'), correlationId: c.get('correlationId') };
}

/** Actor and request ids of an authenticated request, as the ledger and disputes take them. */
export function commandContextOf(c: Context<HttpEnv>) {
  return { actor: actorOf(principalOf(c)), ...requestIdsOf(c) };
}
