import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/expect-problem.js';
import { HTTP_BACKENDS } from './support/http-backends.js';
import { type HttpHarness, startHttpHarness } from './support/http-harness.js';

// The edge (ids, limits, media types, health, the document) does not depend on the storage, so it
// runs on memory; the routes' own suites cover PGlite and the Postgres server.
const memory = HTTP_BACKENDS.find((backend) => backend.name === 'memory');
if (memory === undefined) throw new Error('the memory backend is listed');

describe('the HTTP edge', () => {
  let harness: HttpHarness;
  let failingCheck = false;
  beforeAll(async () => {
    harness = await startHttpHarness(memory, {
      limits: { headerBytes: 4096, bodyBytes: 2048 },
      corsOrigins: ['https://app.example'],
      readinessChecks: { redis: async () => !failingCheck },
      deprecations: [
        {
          method: 'GET',
          path: '/health/live',
          deprecatedAt: new Date('2026-01-01T00:00:00Z'),
          sunsetAt: new Date('2027-01-01T00:00:00Z'),
          link: 'https://strongroom.dev/changelog#health',
        },
      ],
    });
  });
  afterAll(() => harness.close());

  it('answers liveness, and readiness with every check named', async () => {
    const live = await harness.request('GET', '/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await harness.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { storage: 'ok', kms: 'ok', redis: 'ok' } });
    failingCheck = true;
    const notReady = await harness.request('GET', '/health/ready');
    failingCheck = false;
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({
      status: 'unavailable',
      checks: { storage: 'ok', kms: 'ok', redis: 'failed' },
    });
  });

  it('announces a retired route with Deprecation, Sunset and Link headers', async () => {
    const live = await harness.request('GET', '/health/live');
    expect(live.headers.get('deprecation')).toBe(`@${Date.parse('2026-01-01T00:00:00Z') / 1000}`);
    expect(live.headers.get('sunset')).toBe('Fri, 01 Jan 2027 00:00:00 GMT');
    expect(live.headers.get('link')).toBe(
      '<https://strongroom.dev/changelog#health>; rel="deprecation"',
    );
    const ready = await harness.request('GET', '/health/ready');
    expect(ready.headers.get('deprecation')).toBeNull();
  });

  it('answers an unknown route with a problem whose instance is the request id', async () => {
    const response = await harness.request('GET', '/v1/no-such-thing');
    expectProblem(response, 404, 'request.route_not_found');
    expect(response.body.title).toBe('No such route');
  });

  it('keeps a well-formed client request id and replaces a malformed one', async () => {
    const kept = await harness.request('GET', '/health/live', {
      headers: { 'x-request-id': 'client-req-0001', 'x-correlation-id': 'journey-42abc' },
    });
    expect(kept.headers.get('x-request-id')).toBe('client-req-0001');
    expect(kept.headers.get('x-correlation-id')).toBe('journey-42abc');
    const replaced = await harness.request('GET', '/health/live', {
      headers: { 'x-request-id': 'bad id <script>' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/);
    expect(replaced.headers.get('x-correlation-id')).toBe(replaced.headers.get('x-request-id'));
    // An id the audit log would refuse as a possible card number is replaced too.
    const cardLike = await harness.request('GET', '/health/live', {
      headers: { 'x-request-id': 'req-4111111111111111' },
    });
    expect(cardLike.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/);
  });

  it('refuses a body that is not JSON with 415, and one over the limit with 413', async () => {
    const text = await harness.request('POST', '/v1/identity/login', {
      rawBody: 'email=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(text, 415, 'request.unsupported_media_type');
    const large = await harness.request('POST', '/v1/identity/login', {
      rawBody: JSON.stringify({ padding: 'x'.repeat(4096) }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(large, 413, 'request.body_too_large');
    expect(large.body.limitBytes).toBe(2048);
  });

  it('accepts a bodiless POST without a media type', async () => {
    const response = await harness.request('POST', '/v1/identity/logout');
    expectProblem(response, 401, 'auth.token_missing');
  });

  it('refuses too many header bytes with 431', async () => {
    const response = await harness.request('GET', '/health/live', {
      headers: { 'x-padding': 'y'.repeat(5000) },
    });
    expectProblem(response, 431, 'request.headers_too_large');
  });

  it('refuses a missing or malformed bearer token with 401 and WWW-Authenticate', async () => {
    const missing = await harness.request('GET', '/v1/identity/me');
    expectProblem(missing, 401, 'auth.token_missing');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const malformed = await harness.request('GET', '/v1/identity/me', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expectProblem(malformed, 401, 'auth.token_malformed');
    const forged = await harness.request('GET', '/v1/identity/me', {
      token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(forged.text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('answers a CORS preflight only for the configured origin', async () => {
    const allowed = await harness.request('OPTIONS', '/v1/ledger/transfers', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await harness.request('OPTIONS', '/v1/ledger/transfers', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves an OpenAPI 3.1 document that a validator accepts, and a reference page', async () => {
    const document = await harness.request('GET', '/v1/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(document.body.paths)).toContain('/health/ready');
    const page = await harness.request('GET', '/v1/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('/v1/openapi.json');
  });

  it('writes one JSON log line per request with its ids', async () => {
    await harness.request('GET', '/health/live', {
      headers: { 'x-request-id': 'log-line-check-1' },
    });
    const lines = harness.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const line = lines.find((entry) => entry['requestId'] === 'log-line-check-1');
    expect(line).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/health/live',
      status: 200,
    });
    expect(typeof line?.['durationMs']).toBe('number');
  });
});
