import { createHash } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  createStorageIdempotencyStore,
  type IdempotencyStore,
  parseTenantId,
  type StoredResponse,
  systemClock,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createRedisClient, createRedisIdempotencyStore } from '@strongroom/redis';
import { removeRedisKeys } from '@strongroom/testkit/secret-scan';
import {
  createEnvelopeCipher,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEnv } from '../src/http-env.js';
import { silentLogger } from '../src/logging/logger.js';
import { idempotency } from '../src/middleware/idempotency.js';
import { requestContext } from '../src/middleware/request-context.js';
import { HttpProblem, problemResponse } from '../src/problems/problem-details.js';
import { HTTP_BACKENDS } from './support/http-backends.js';

const TENANT = unwrapOrThrow(parseTenantId('acme'));

/** A store on one backend, and how to remove it. */
interface StoreUnderTest {
  readonly name: string;
  create(): Promise<{ store: IdempotencyStore; dispose(): Promise<void> }>;
}

const storageStores: StoreUnderTest[] = HTTP_BACKENDS.filter(
  (backend) => backend.name !== 'pglite',
).map((backend) => ({
  name: backend.name,
  async create() {
    const { storage, inspect, dispose } = await backend.create();
    return {
      store: createStorageIdempotencyStore({ storage }),
      dispose: async () => {
        await inspect();
        await storage.close();
        await dispose();
      },
    };
  },
}));
const redisStore: StoreUnderTest = {
  name: 'redis',
  async create() {
    const client = unwrapOrThrow(
      await createRedisClient({
        url: process.env['STRONGROOM_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
        onError: () => {},
      }),
    );
    const keyPrefix = `sr-http-idem-${crypto.randomUUID().slice(0, 8)}:`;
    return {
      store: createRedisIdempotencyStore({ client, keyPrefix }),
      dispose: async () => {
        await removeRedisKeys(client, keyPrefix);
        await client.quit();
      },
    };
  },
};

/** A claim as it reached the store. */
interface ClaimSeen {
  readonly key: string;
  readonly fingerprint: string;
}

/** Records what reaches the store, to prove responses are kept sealed and keys stay stable. */
function recording(
  inner: IdempotencyStore,
  kept: StoredResponse[],
  claims: ClaimSeen[],
): IdempotencyStore {
  return {
    name: inner.name,
    claim: (tenantId, key, fingerprint, options) => {
      claims.push({ key, fingerprint });
      return inner.claim(tenantId, key, fingerprint, options);
    },
    release: (...args) => inner.release(...args),
    complete: (tenantId, key, leaseId, response) => {
      kept.push(response);
      return inner.complete(tenantId, key, leaseId, response);
    },
  };
}

for (const backend of [...storageStores, redisStore]) {
  describe(`Idempotency-Key on ${backend.name}`, () => {
    let dispose: () => Promise<void>;
    let app: OpenAPIHono<HttpEnv>;
    const kept: StoredResponse[] = [];
    const claims: ClaimSeen[] = [];
    let executions = 0;
    let failNext = false;

    beforeAll(async () => {
      const created = await backend.create();
      dispose = created.dispose;
      const kms = createSoftwareKms({ keyring: generateSoftwareKeyring(['fields'], systemClock) });
      const cipher = createEnvelopeCipher({ kms });
      app = new OpenAPIHono<HttpEnv>();
      app.use(
        '*',
        requestContext(silentLogger, () => `req_${crypto.randomUUID().slice(0, 8)}`),
      );
      app.use(
        '/payments',
        idempotency(
          {
            store: recording(created.store, kept, claims),
            cipher,
            keyId: 'fields',
            ttlMs: 60_000,
            leaseMs: 30_000,
          },
          () => ({ tenantId: TENANT, caller: 'user:ann' }),
        ),
      );
      app.post('/payments', async (c) => {
        executions += 1;
        const body = (await c.req.json()) as { amountMinor: string; delayMs?: number };
        if (body.delayMs !== undefined)
          await new Promise((resolve) => setTimeout(resolve, body.delayMs));
        if (failNext) {
          failNext = false;
          throw new HttpProblem({ type: 'x', title: 'dependency down', status: 503 });
        }
        return c.json(
          {
            payment: `pay_${executions}`,
            secret: 'client-secret-value',
            amountMinor: body.amountMinor,
          },
          201,
        );
      });
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

    const post = (key: string | undefined, body: unknown) =>
      app.request('/payments', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
        body: JSON.stringify(body),
      });

    it('replays the first response for the same key and body, executing once', async () => {
      const before = executions;
      const first = await post('key-replay', { amountMinor: '100' });
      const again = await post('key-replay', { amountMinor: '100' });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual(await first.json());
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(first.headers.get('idempotency-replayed')).toBeNull();
      expect(executions - before).toBe(1);
    });

    it('keys the store by SHA-256 of caller and key, and fingerprints method, path and body, as every release has', async () => {
      const body = JSON.stringify({ amountMinor: '7' });
      const response = await app.request('/payments', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'key-pinned' },
        body,
      });
      expect(response.status).toBe(201);
      // Each text part ends with U+0000; a stored entry must keep its name across upgrades.
      const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
      expect(claims.at(-1)).toEqual({
        key: `http:${sha256('user:ann\u0000key-pinned\u0000')}`,
        fingerprint: sha256(`POST\u0000/payments\u0000${body}`),
      });
    });

    it('keeps the stored response sealed: no plaintext of it reaches the store', () => {
      expect(kept.length).toBeGreaterThan(0);
      for (const response of kept) {
        expect(response.body).not.toContain('client-secret-value');
        expect(response.body).not.toContain('pay_');
      }
    });

    it('refuses the same key with another body (422) and runs nothing', async () => {
      await post('key-mismatch', { amountMinor: '100' });
      const before = executions;
      const other = await post('key-mismatch', { amountMinor: '999' });
      expect(other.status).toBe(422);
      expect(other.headers.get('content-type')).toBe('application/problem+json');
      expect(((await other.json()) as { type: string }).type).toBe(
        'https://strongroom.dev/problems/idempotency.key_reused',
      );
      expect(executions).toBe(before);
    });

    it('executes once when concurrent requests share a key; the others wait or replay', async () => {
      const before = executions;
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => post('key-concurrent', { amountMinor: '5', delayMs: 100 })),
      );
      expect(executions - before).toBe(1);
      // One executed; each other one either found it running (409) or, arriving after it ended
      // (a slow store), got its replay.
      const executed = responses.filter(
        (response) =>
          response.status === 201 && response.headers.get('idempotency-replayed') === null,
      );
      expect(executed).toHaveLength(1);
      for (const response of responses) {
        if (response === executed[0]) continue;
        if (response.status === 409) expect(response.headers.get('retry-after')).toBe('1');
        else
          expect([response.status, response.headers.get('idempotency-replayed')]).toEqual([
            201,
            'true',
          ]);
      }
      const replay = await post('key-concurrent', { amountMinor: '5', delayMs: 100 });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
    });

    it('releases the key after a 5xx, so the retry executes', async () => {
      const before = executions;
      failNext = true;
      const failed = await post('key-retry', { amountMinor: '7' });
      expect(failed.status).toBe(503);
      const retried = await post('key-retry', { amountMinor: '7' });
      expect(retried.status).toBe(201);
      expect(executions - before).toBe(2);
    });

    it('ignores requests without a key and refuses a malformed one', async () => {
      const before = executions;
      await post(undefined, { amountMinor: '1' });
      await post(undefined, { amountMinor: '1' });
      expect(executions - before).toBe(2);
      const malformed = await post('bad key with spaces', { amountMinor: '1' });
      expect(malformed.status).toBe(400);
    });
  });
}
