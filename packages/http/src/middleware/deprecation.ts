import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { HttpEnv } from '../http-env.js';

/** A retired route: still served, announced to clients until its sunset. */
export interface RouteDeprecation {
  readonly method: string;
  /** The route as registered, in Hono's syntax (`/v1/ledger/accounts/:accountId`). */
  readonly path: string;
  /** When it was deprecated (sent as RFC 9745 `Deprecation`). */
  readonly deprecatedAt: Date;
  /** When it stops answering (sent as RFC 8594 `Sunset`). */
  readonly sunsetAt?: Date;
  /** A page that explains the replacement (`Link: <…>; rel="deprecation"`). */
  readonly link?: string;
}

/** Adds `Deprecation`, `Sunset` and `Link` headers to the responses of retired routes. */
export function deprecationHeaders(deprecations: readonly RouteDeprecation[]) {
  const byRoute = new Map(
    deprecations.map((entry) => [`${entry.method.toUpperCase()} ${entry.path}`, entry]),
  );
  return createMiddleware<HttpEnv>(async (c, next) => {
    await next();
    const entry = byRoute.get(`${c.req.method} ${routePath(c, -1)}`);
    if (entry === undefined) return;
    c.res.headers.set('deprecation', `@${Math.floor(entry.deprecatedAt.getTime() / 1000)}`);
    if (entry.sunsetAt !== undefined) c.res.headers.set('sunset', entry.sunsetAt.toUTCString());
    if (entry.link !== undefined)
      c.res.headers.append('link', `<${entry.link}>; rel="deprecation"`);
  });
}
