import { OpenAPIHono } from '@hono/zod-openapi';
import {
  createStorageRateLimiter,
  parseTenantId,
  type RateLimiter,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import { createRedisClient, createRedisRateLimiter } from '@strongroom/redis';
import { removeRedisKeys } from '@strongroom/testkit/secret-scan';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEnv } from '../src/http-env.js';
import { silentLogger } from '../src/logging/logger.js';
import { rateLimit } from '../src/middleware/rate-limit.js';
import { requestContext } from '../src/middleware/request-context.js';
import { HttpProblem, problemResponse } from '../src/problems/problem-details.js';

const TENANT = unwrapOrThrow(parseTenantId('acme'));
const POLICY = { name: 'http.address', points: 3, durationMs: 60_000, failMode: 'open' } as const;

const limiters: {
  name: string;
  create(): Promise<{ limiter: RateLimiter; dispose(): Promise<void> }>;
}[] = [
  {
    name: 'storage (memory)',
    create: async () => {
      const storage = createMemoryStorage();
      return { limiter: createStorageRateLimiter({ storage }), dispose: () => storage.close() };
    },
  },
  {
    name: 'redis',
    create: async () => {
      const client = unwrapOrThrow(
        await createRedisClient({
          url: process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
          onError: () => {},
        }),
      );
      const keyPrefix = `sr-http-rl-${crypto.randomUUID().slice(0, 8)}:`;
      return {
        limiter: createRedisRateLimiter({ client, keyPrefix }),
        dispose: async () => {
          await removeRedisKeys(client, keyPrefix);
          await client.quit();
        },
      };
    },
  },
];

for (const backend of limiters) {
  describe(`rate limiting on ${backend.name}`, () => {
    let app: OpenAPIHono<HttpEnv>;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      const created = await backend.create();
      dispose = created.dispose;
      app = new OpenAPIHono<HttpEnv>();
      app.use(
        '*',
        requestContext(silentLogger, () => `req_${crypto.randomUUID().slice(0, 8)}`),
      );
      app.use(
        '*',
        rateLimit(created.limiter, { principal: POLICY, address: POLICY }, (c) => ({
          tenantId: TENANT,
          key: `address:${c.req.header('x-test-client') ?? 'unknown'}`,
        })),
      );
      app.get('/thing', (c) => c.json({ ok: true }));
      app.onError((error, c) =>
        error instanceof HttpProblem
          ? problemResponse(error.problem, c.get('requestId'), error.headers)
          : problemResponse(
              { type: 'internal', title: 'internal', status: 500 },
              c.get('requestId'),
            ),
      );
    });
    afterAll(() => dispose());

    const get = (client: string) => app.request('/thing', { headers: { 'x-test-client': client } });

    it('counts down in the RateLimit header, then answers 429 with Retry-After', async () => {
      const answers = [];
      for (let count = 0; count < 4; count += 1) answers.push(await get('203.0.113.7'));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
      expect(answers[0]?.headers.get('ratelimit-policy')).toBe('"http.address";q=3;w=60');
      expect(answers.slice(0, 3).map((answer) => answer.headers.get('ratelimit'))).toEqual([
        '"http.address";r=2;t=60',
        '"http.address";r=1;t=60',
        '"http.address";r=0;t=60',
      ]);
      const refused = answers[3];
      expect(refused?.headers.get('content-type')).toBe('application/problem+json');
      const retryAfter = Number(refused?.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused?.headers.get('ratelimit')).toBe(`"http.address";r=0;t=${retryAfter}`);
      if (refused === undefined) throw new Error('four answers');
      expect(((await refused.json()) as { type: string }).type).toBe(
        'https://strongroom.dev/problems/request.rate_limited',
      );
    });

    it('counts each client on its own', async () => {
      expect((await get('198.51.100.1')).status).toBe(200);
    });
  });
}
