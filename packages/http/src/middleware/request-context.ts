import { metrics, trace } from '@opentelemetry/api';
import { containsCardNumber } from '@strongroom/audit';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { HttpEnv } from '../http-env.js';
import type { Logger } from '../logging/logger.js';

/** A client's request or correlation id is kept only when it looks like an id, never echoed otherwise. */
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

// Ids go into audit leaves, which refuse anything that could be a card number: such an id is
// replaced rather than letting it fail the request's command.
function clientId(value: string | undefined): string | undefined {
  return value !== undefined && CLIENT_ID_PATTERN.test(value) && !containsCardNumber(value)
    ? value
    : undefined;
}

/**
 * Gives every request its ids and logger and writes one line when it ends (method, route,
 * status, duration). The ids go back in `X-Request-Id` / `X-Correlation-Id` and into every audit
 * leaf and outbox event the request causes. `newRequestId` must mint card-safe ids
 * (`cardSafeIds` from the kernel), since an audit leaf refuses anything that could be a card number.
 */
export function requestContext(logger: Logger, newRequestId: () => string) {
  const tracer = trace.getTracer('@strongroom/http');
  // OpenTelemetry's HTTP semantic conventions: one histogram, in seconds, by method, route, status.
  const duration = metrics
    .getMeter('@strongroom/http')
    .createHistogram('http.server.request.duration', {
      unit: 's',
      description: 'Duration of HTTP server requests',
    });
  return createMiddleware<HttpEnv>(async (c, next) => {
    const requestId = clientId(c.req.header('x-request-id')) ?? newRequestId();
    const correlationId = clientId(c.req.header('x-correlation-id')) ?? requestId;
    const log = logger.child({ requestId, correlationId });
    c.set('requestId', requestId);
    c.set('correlationId', correlationId);
    c.set('log', log);
    c.set('principal', undefined);
    const startedMs = performance.now();
    // The span is named once routing is known: the last matched route is the handler's pattern.
    await tracer.startActiveSpan(`HTTP ${c.req.method}`, async (span) => {
      try {
        await next();
      } finally {
        span.updateName(`${c.req.method} ${routePath(c, -1)}`);
        span.setAttribute('http.response.status_code', c.res.status);
        span.end();
      }
    });
    c.header('x-request-id', requestId);
    c.header('x-correlation-id', correlationId);
    const elapsedMs = performance.now() - startedMs;
    duration.record(elapsedMs / 1000, {
      'http.request.method': c.req.method,
      'http.route': routePath(c, -1),
      'http.response.status_code': c.res.status,
    });
    log.log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      durationMs: Math.round(elapsedMs * 10) / 10,
      tenantId: c.get('principal')?.tenantId,
      userId: c.get('principal')?.userId,
    });
  });
}
