import type { IdempotencyStore, RateLimiter, TenantId } from '@strongroom/kernel';
import type { PostingTemplate } from '@strongroom/ledger';
import type { Logger } from './logging/logger.js';
import type { RouteDeprecation } from './middleware/deprecation.js';
import type { HttpRateLimits } from './middleware/rate-limit.js';
import type { RequestLimits } from './middleware/request-limits.js';
import type { ReadinessCheck } from './routes/health-routes.js';

/** What a host tells {@link createHttpApi} beyond the SDK itself; everything has a default but `publicTenant`. */
export interface HttpApiOptions {
  /**
   * The tenant of public routes (sign-up, sign-in, token refresh), which have no token to take it
   * from: one tenant for a single-tenant service, or a function of the request (its host name,
   * say) for many. Authenticated routes always use the token's tenant.
   */
  readonly publicTenant: TenantId | ((request: Request) => TenantId | undefined);
  /** Structured logs; default pino JSON lines on standard output, redacted. */
  readonly logger?: Logger;
  /**
   * Where the edge's rate limits count; default `createProcessRateLimiter()`, in this process's
   * memory: N processes then allow N times each limit. Pass the Redis limiter (or the storage's)
   * to share one count between processes.
   */
  readonly rateLimiter?: RateLimiter;
  /** The edge's policies; see `HTTP_RATE_LIMITS_DEFAULT`. */
  readonly rateLimits?: Partial<HttpRateLimits>;
  /** `Idempotency-Key` store (default the SDK's storage; Redis through `@strongroom/redis`) and timings. */
  readonly idempotency?: {
    readonly store?: IdempotencyStore;
    readonly ttlMs?: number;
    readonly leaseMs?: number;
  };
  /** Body and header size limits; see `REQUEST_LIMITS_DEFAULT`. */
  readonly limits?: Partial<RequestLimits>;
  /** Origins allowed by CORS; none (same origin only) by default. */
  readonly corsOrigins?: readonly string[];
  /** The client's address, for per-address limits; default the socket's peer on Node, API Gateway's source IP on Lambda. */
  readonly clientAddress?: (request: Request, environment: unknown) => string;
  /** Readiness checks beyond storage and KMS (Redis, say), by name. */
  readonly readinessChecks?: Readonly<Record<string, ReadinessCheck>>;
  /** Retired routes, announced with `Deprecation` and `Sunset` headers. */
  readonly deprecations?: readonly RouteDeprecation[];
  /**
   * The posting templates the host defines in code with `definePostingTemplate`, names unique:
   * clients list them and apply them by name, they never define one over the wire.
   */
  readonly postingTemplates?: readonly PostingTemplate[];
}
