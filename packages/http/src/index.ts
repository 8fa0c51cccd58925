/**
 * `@strongroom/http`: the Strongroom SDK as a versioned REST API on Hono, with RFC 9457 errors,
 * bearer authentication, rate limits, idempotency keys and an OpenAPI 3.1 document.
 * @module
 */
export { createHttpApi } from './create-http-api.js';
export type { HttpApiOptions } from './http-api-options.js';
export type { HttpEnv, HttpVariables } from './http-env.js';
export type { LogFields, Logger, LogLevel } from './logging/logger.js';
export { silentLogger } from './logging/logger.js';
export { createPinoLogger, type PinoLoggerOptions } from './logging/pino-logger.js';
export { REDACTED, redactForLog, redactText } from './logging/redact-for-log.js';
export type { RouteDeprecation } from './middleware/deprecation.js';
export {
  HTTP_RATE_LIMITS_DEFAULT,
  type HttpRateLimits,
  type RateLimitSubject,
} from './middleware/rate-limit.js';
export { REQUEST_LIMITS_DEFAULT, type RequestLimits } from './middleware/request-limits.js';
export { statusOfError } from './problems/domain-problem.js';
export {
  PROBLEM_MEDIA_TYPE,
  PROBLEM_TYPE_BASE,
  type ProblemDetails,
} from './problems/problem-details.js';
export type { ReadinessCheck } from './routes/health-routes.js';
export { OPENAPI_INFO } from './routes/openapi-routes.js';
export type { HttpApp } from './routes/route-dependencies.js';
