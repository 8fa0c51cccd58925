import type { AuthenticatedPrincipal } from '@strongroom/identity';
import type { Logger } from './logging/logger.js';

/** What the middleware leaves on every request's context for the handlers after it. */
export interface HttpVariables {
  /** This request's id: the client's `X-Request-Id` when well formed, else a new one. */
  requestId: string;
  /** The id a chain of requests shares (`X-Correlation-Id`); the request id when absent. */
  correlationId: string;
  /** The logger bound to this request's ids. */
  log: Logger;
  /** The caller, once the bearer token is verified; absent on public routes. */
  principal: AuthenticatedPrincipal | undefined;
}

/** Hono's environment type for every Strongroom route and middleware. */
export interface HttpEnv {
  Variables: HttpVariables;
}
