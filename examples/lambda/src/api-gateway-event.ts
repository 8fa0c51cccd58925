import type { LambdaEvent } from 'hono/aws-lambda';

/** An API Gateway HTTP API event, payload format 2.0: what the template's API hands the handler. */
export type HttpApiEvent = Extract<LambdaEvent, { readonly rawPath: string }>;

/**
 * The largest request body turned into an event: Lambda takes at most 6 MB per synchronous
 * invocation, and the API refuses far smaller bodies itself.
 */
export const EVENT_BODY_MAX_BYTES = 6 * 1024 * 1024;

/** A request body over {@link EVENT_BODY_MAX_BYTES}: API Gateway would answer 413. */
export class PayloadTooLargeError extends Error {
  constructor() {
    super(`the request body exceeds ${EVENT_BODY_MAX_BYTES} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/** Who sent the request, as API Gateway's request context names it. */
export interface EventSource {
  readonly sourceIp: string;
  /** API Gateway's own id of the request. */
  readonly requestId: string;
  readonly now: Date;
}

// API Gateway passes these as text and base64-encodes any other body.
const TEXT_CONTENT = /^(text\/|application\/([\w.+-]*\+)?(json|xml|x-www-form-urlencoded)\b)/i;

async function bodyOf(
  request: Request,
): Promise<{ body: string | null; isBase64Encoded: boolean }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > EVENT_BODY_MAX_BYTES) throw new PayloadTooLargeError();
  if (request.body === null) return { body: null, isBase64Encoded: false };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > EVENT_BODY_MAX_BYTES) throw new PayloadTooLargeError();
  if (bytes.byteLength === 0) return { body: null, isBase64Encoded: false };
  return TEXT_CONTENT.test(request.headers.get('content-type') ?? '')
    ? { body: new TextDecoder().decode(bytes), isBase64Encoded: false }
    : { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}

/**
 * The event API Gateway's HTTP API (payload format 2.0) would hand the function for `request`:
 * lower-case headers (repeated ones joined by commas), cookies apart, the raw path and query, and
 * the body as text or base64. `local.ts` serves the handler through it, and the tests invoke the
 * handler with it, so both drive exactly what Lambda runs.
 */
export async function httpApiEvent(request: Request, source: EventSource): Promise<HttpApiEvent> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name !== 'cookie') headers[name] = value;
  });
  const cookies = request.headers.get('cookie')?.split(/;\s*/).filter(Boolean);
  const { body, isBase64Encoded } = await bodyOf(request);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies === undefined ? {} : { cookies }),
    headers,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      authentication: null,
      authorizer: {},
      domainName: url.host,
      domainPrefix: url.hostname.split('.')[0] ?? url.hostname,
      http: {
        method: request.method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: source.sourceIp,
        userAgent: request.headers.get('user-agent') ?? '',
      },
      requestId: source.requestId,
      routeKey: '$default',
      stage: '$default',
      time: source.now.toUTCString(),
      timeEpoch: source.now.getTime(),
    },
  };
}
