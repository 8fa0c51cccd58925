import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_BACKENDS } from './support/http-backends.js';
import { type HttpHarness, startHttpHarness } from './support/http-harness.js';

const memory = HTTP_BACKENDS.find((backend) => backend.name === 'memory');
if (memory === undefined) throw new Error('the memory backend is listed');

/** An API Gateway HTTP API (payload format 2.0) event, as Lambda hands it to the handler. */
function httpApiEvent(method: string, path: string, body?: unknown, sourceIp = '198.51.100.20') {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {
      host: 'api.example.com',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      authentication: null,
      authorizer: {},
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
      requestId: 'lambda-request-1',
      routeKey: '$default',
      stage: '$default',
      time: '24/Nov/2026:06:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

describe('mounted on AWS Lambda with hono/aws-lambda', () => {
  let harness: HttpHarness;
  beforeAll(async () => {
    // Two sign-ups a minute per address: the limit shows which address the API saw.
    harness = await startHttpHarness(memory, {
      rateLimits: {
        address: { name: 'http.address', points: 2, durationMs: 60_000, failMode: 'open' },
      },
    });
  });
  afterAll(() => harness.close());

  it('answers API Gateway HTTP API v2 events, counting each source IP on its own', async () => {
    const handler = handle(harness.app);
    const live = await handler(httpApiEvent('GET', '/health/live'));
    expect(live.statusCode).toBe(200);
    expect(JSON.parse(live.body)).toEqual({ status: 'ok' });

    const register = (email: string, sourceIp: string) =>
      handler(
        httpApiEvent(
          'POST',
          '/v1/identity/register',
          { email, password: 'correct horse battery staple' },
          sourceIp,
        ),
      );
    const first = await register('lambda-1@example.com', '198.51.100.20');
    expect(first.statusCode).toBe(201);
    expect(JSON.parse(first.body).userId).toMatch(/^usr_/);
    expect(first.headers?.['ratelimit']).toBe('"http.address";r=1;t=60');
    await register('lambda-2@example.com', '198.51.100.20');
    const third = await register('lambda-3@example.com', '198.51.100.20');
    expect(third.statusCode).toBe(429);
    expect(third.headers?.['content-type']).toBe('application/problem+json');
    const elsewhere = await register('lambda-4@example.com', '203.0.113.99');
    expect(elsewhere.statusCode).toBe(201);
  });
});
