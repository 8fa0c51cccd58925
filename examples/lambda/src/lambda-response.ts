import type { APIGatewayProxyResult } from 'hono/aws-lambda';

// Statuses whose responses have no body, which `Response` refuses to be given one.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The HTTP response API Gateway makes of a handler's result: status, headers (single and
 * multi-value), cookies as `Set-Cookie`, and the body decoded from base64 when the result says so.
 */
export function responseOf(result: APIGatewayProxyResult): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {}))
    if (value !== undefined) headers.set(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    for (const value of values ?? []) headers.append(name, String(value));
  for (const cookie of result.cookies ?? []) headers.append('set-cookie', cookie);
  const body = NULL_BODY_STATUSES.has(result.statusCode)
    ? null
    : result.isBase64Encoded
      ? Buffer.from(result.body, 'base64')
      : result.body;
  return new Response(body, { status: result.statusCode, headers });
}
