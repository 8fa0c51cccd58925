import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from '../http-env.js';

/**
 * `Cache-Control: no-store` on every answer of a route that hands out tokens, secrets or card data
 * (RFC 6749 §5.1), so no proxy or browser cache keeps a copy. It runs first in the chain, so
 * idempotent replays and problem responses carry it too.
 */
export const noStore = createMiddleware<HttpEnv>(async (c, next) => {
  await next();
  c.res.headers.set('cache-control', 'no-store');
});
