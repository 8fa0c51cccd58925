import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from '../http-env.js';
import { httpProblem } from '../problems/problem-details.js';

/** Size limits of a request. */
export interface RequestLimits {
  /** Largest body in bytes; default 1 MiB (a ledger batch of a few thousand transfers fits). */
  readonly bodyBytes: number;
  /** Largest total of header names and values in bytes; default 16 KiB, Node's own default. */
  readonly headerBytes: number;
}

/** The default {@link RequestLimits}. */
export const REQUEST_LIMITS_DEFAULT: RequestLimits = Object.freeze({
  bodyBytes: 1024 * 1024,
  headerBytes: 16 * 1024,
});

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Refuses too many header bytes (431) before anything else reads them. */
export function headerLimit(limits: RequestLimits) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    let bytes = 0;
    c.req.raw.headers.forEach((value, name) => {
      bytes += name.length + value.length + 4;
    });
    if (bytes > limits.headerBytes) {
      throw httpProblem(431, 'request.headers_too_large', 'Request header fields too large', {
        limitBytes: limits.headerBytes,
      });
    }
    await next();
  });
}

/**
 * JSON only: a body-carrying request must say `application/json` (415 otherwise) and stay under
 * the body limit (413), counted as it streams so a lying `Content-Length` cannot get past.
 */
export function jsonBodyOnly(limits: RequestLimits) {
  const limit = bodyLimit({
    maxSize: limits.bodyBytes,
    onError: () => {
      throw httpProblem(413, 'request.body_too_large', 'Request body too large', {
        limitBytes: limits.bodyBytes,
      });
    },
  });
  return createMiddleware<HttpEnv>(async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    // A command without a body (logout, suspend) needs no media type.
    const declaredLength = c.req.header('content-length');
    const hasBody =
      declaredLength === undefined
        ? c.req.header('transfer-encoding') !== undefined
        : declaredLength !== '0';
    if (!hasBody && c.req.header('content-type') === undefined) return next();
    const type = c.req.header('content-type') ?? '';
    const mediaType = type.split(';', 1)[0]?.trim().toLowerCase() ?? '';
    if (mediaType !== 'application/json') {
      throw httpProblem(
        415,
        'request.unsupported_media_type',
        'Only application/json is accepted',
        {
          accepted: 'application/json',
        },
      );
    }
    return limit(c, next);
  });
}
