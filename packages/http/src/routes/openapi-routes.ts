import { swaggerUI } from '@hono/swagger-ui';
import type { HttpApp } from './route-dependencies.js';

/** The title and version the OpenAPI document announces. */
export const OPENAPI_INFO = {
  title: 'Strongroom API',
  version: '1.0.0',
  description:
    'Identity, card vault, double-entry ledger, disputes and a verifiable audit log. Errors are RFC 9457 problem details; every POST accepts an Idempotency-Key.',
} as const;

/** Serves the OpenAPI 3.1 document at `/v1/openapi.json` and an API reference page at `/v1/docs`. */
export function registerOpenApiRoutes(app: HttpApp): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/v1/openapi.json', { openapi: '3.1.0', info: OPENAPI_INFO });
  app.get('/v1/docs', swaggerUI({ url: '/v1/openapi.json' }));
}
