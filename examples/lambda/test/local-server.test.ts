import { silentLogger } from '@strongroom/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaApp, type LambdaApp } from '../src/create-lambda-app.js';
import { readLambdaConfig } from '../src/lambda-config.js';
import { createLambdaHandlers } from '../src/lambda-handlers.js';
import { type LocalServer, serveHandlerLocally } from '../src/local-server.js';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment.js';

// What `pnpm start` serves, minus DynamoDB Local's start: the handler behind @hono/node-server,
// reached over real HTTP as curl would reach it.
describe('the handler served locally', () => {
  let environment: TestEnvironment;
  let server: LocalServer;
  let app: LambdaApp | undefined;

  beforeAll(async () => {
    environment = await createTestEnvironment('local');
    const config = readLambdaConfig(environment.variables);
    const handlers = createLambdaHandlers(async () => {
      app = await createLambdaApp(config, { logger: silentLogger });
      return app;
    });
    server = await serveHandlerLocally(handlers.handler, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await environment?.dispose();
  });

  it('answers over HTTP through API Gateway-shaped events', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { storage: 'ok', kms: 'ok', redis: 'ok' },
    });
    const document = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as {
      openapi: string;
    };
    expect(document.openapi).toBe('3.1.0');
  });

  it('signs a user up, the edge limit counting this caller, and answers problems as JSON', async () => {
    const registered = await fetch(`${server.url}/v1/identity/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'local@example.com',
        password: 'correct horse battery staple',
      }),
    });
    expect(registered.status).toBe(201);
    expect(((await registered.json()) as { userId: string }).userId).toMatch(/^usr_/);
    // The first counted request of this address (the socket's peer, passed on as sourceIp).
    expect(registered.headers.get('ratelimit')).toMatch(/^"http\.address";r=119;t=\d+$/);
    const refused = await fetch(`${server.url}/v1/identity/me`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a body larger than a Lambda invocation takes, before invoking the handler', async () => {
    const tooLarge = await fetch(`${server.url}/v1/identity/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(6 * 1024 * 1024 + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { status: number }).status).toBe(413);
  });
});
