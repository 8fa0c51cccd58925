import { describe, expect, it } from 'vitest';
import {
  EVENT_BODY_MAX_BYTES,
  httpApiEvent,
  PayloadTooLargeError,
} from '../src/api-gateway-event.js';
import { responseOf } from '../src/lambda-response.js';

const SOURCE = {
  sourceIp: '203.0.113.9',
  requestId: 'request-1',
  now: new Date('2026-11-24T06:00:00Z'),
};

describe('API Gateway HTTP API events (payload format 2.0)', () => {
  it('carries a JSON request as API Gateway would: raw path and query, headers, cookies apart', async () => {
    const request = new Request('https://api.example.com/v1/ledger/accounts?limit=2&from=x', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'a=1; b=2',
        'X-Request-Id': 'abc',
      },
      body: '{"name":"Ann"}',
    });
    const event = await httpApiEvent(request, SOURCE);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/ledger/accounts',
      rawQueryString: 'limit=2&from=x',
      cookies: ['a=1', 'b=2'],
      body: '{"name":"Ann"}',
      isBase64Encoded: false,
      requestContext: {
        domainName: 'api.example.com',
        http: { method: 'POST', path: '/v1/ledger/accounts', sourceIp: '203.0.113.9' },
        requestId: 'request-1',
        timeEpoch: SOURCE.now.getTime(),
      },
    });
    expect(event.headers).toEqual({ 'content-type': 'application/json', 'x-request-id': 'abc' });
  });

  it('base64-encodes a binary body and refuses one over the invocation limit', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const binary = await httpApiEvent(
      new Request('https://api.example.com/upload', {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
      }),
      SOURCE,
    );
    expect(binary).toMatchObject({ body: 'AP8B/g==', isBase64Encoded: true });
    const empty = await httpApiEvent(new Request('https://api.example.com/'), SOURCE);
    expect(empty).toMatchObject({ body: null, isBase64Encoded: false, rawQueryString: '' });
    await expect(
      httpApiEvent(
        new Request('https://api.example.com/upload', {
          method: 'PUT',
          body: new Uint8Array(EVENT_BODY_MAX_BYTES + 1),
        }),
        SOURCE,
      ),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
  });

  it('turns a handler result back into the response API Gateway sends', async () => {
    const json = responseOf({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      cookies: ['session=1; HttpOnly'],
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
    expect(json.status).toBe(201);
    expect(json.headers.get('set-cookie')).toBe('session=1; HttpOnly');
    expect(await json.json()).toEqual({ ok: true });
    const binary = responseOf({
      statusCode: 200,
      multiValueHeaders: { vary: ['accept', 'origin'] },
      body: 'AP8B/g==',
      isBase64Encoded: true,
    });
    expect(binary.headers.get('vary')).toBe('accept, origin');
    expect(new Uint8Array(await binary.arrayBuffer())).toEqual(new Uint8Array([0, 255, 1, 254]));
    const empty = responseOf({ statusCode: 204, headers: {}, body: '', isBase64Encoded: false });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });
});
