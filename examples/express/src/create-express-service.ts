import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import {
  DevelopmentMailbox,
  EXAMPLE_POSTING_TEMPLATES,
  exampleDisputeOptions,
  type HouseAccountsByCurrency,
  openHouseAccounts,
} from '@strongroom/example-shared';
import { createHttpApi, createPinoLogger, type HttpApp, type Logger } from '@strongroom/http';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import {
  type Clock,
  type IdempotencyStore,
  type RateLimiter,
  type Storage,
  typeIdGenerator,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createPostgresKysely, createPostgresStorage, migrateToLatest } from '@strongroom/postgres';
import { createPGliteStorage } from '@strongroom/postgres/pglite';
import {
  createRedisClient,
  createRedisIdempotencyStore,
  createRedisRateLimiter,
  createRedisRevocationList,
} from '@strongroom/redis';
import { createStrongroom, type RunningWorker, type Strongroom } from '@strongroom/sdk';
import express, { type Express } from 'express';
import { loadDevelopmentKeys } from './development-keys.js';
import { loadHouseAccountIds } from './house-accounts.js';
import type { ServiceConfig } from './service-config.js';

/** The running example: Express in front of the Strongroom API, the worker beside it. */
export interface ExpressService {
  readonly express: Express;
  readonly api: HttpApp;
  readonly strongroom: Strongroom;
  readonly mailbox: DevelopmentMailbox;
  /** The dispute house accounts (reserve, fees, losses) of each configured currency. */
  readonly houseAccounts: HouseAccountsByCurrency;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting requests, stops the worker after its current units, closes the SDK. */
  close(): Promise<void>;
}

/** What a test or the demo may replace. */
export interface ExpressServiceOverrides {
  readonly clock?: Clock;
  readonly logger?: Logger;
}

async function openStorage(
  config: ServiceConfig,
): Promise<{ storage: Storage; release: () => Promise<void> }> {
  if (config.databaseUrl === undefined) {
    return {
      storage: await createPGliteStorage({ dataDir: `${config.dataDir}/pglite` }),
      release: async () => {},
    };
  }
  const db = createPostgresKysely({ connectionString: config.databaseUrl });
  await migrateToLatest(db);
  return { storage: createPostgresStorage({ db }), release: () => db.destroy() };
}

async function openRedis(config: ServiceConfig) {
  if (config.redisUrl === undefined) return undefined;
  const client = unwrapOrThrow(
    await createRedisClient({ url: config.redisUrl, onError: () => {} }),
  );
  const adapters: { rateLimiter: RateLimiter; idempotency: IdempotencyStore } = {
    rateLimiter: createRedisRateLimiter({ client }),
    idempotency: createRedisIdempotencyStore({ client }),
  };
  return { client, ...adapters, revocations: createRedisRevocationList({ client }) };
}

/**
 * Builds the example service from its configuration: PGlite in `dataDir` (or the Postgres server
 * of `DATABASE_URL`), Redis when `REDIS_URL` is set, development keys from `dataDir`, disputes with
 * house accounts opened in every configured currency, the HTTP API (with the `card.capture`
 * posting template) mounted on Express, and the background worker for the configured tenant.
 */
export async function createExpressService(
  config: ServiceConfig,
  overrides: ExpressServiceOverrides = {},
): Promise<ExpressService> {
  const keys = await loadDevelopmentKeys(config.dataDir);
  const { storage, release } = await openStorage(config);
  const redis = await openRedis(config);
  const mailbox = new DevelopmentMailbox();
  const houseAccounts = await loadHouseAccountIds(
    config.dataDir,
    config.currencies,
    typeIdGenerator,
  );
  const strongroom = createStrongroom({
    storage,
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
    // Group commit: concurrent single transfers share a commit. For a service under concurrent
    // POSTs on the Postgres server this halves p99 (`pnpm bench`, the http part).
    ledger: { autoBatch: {} },
    audit: { signing: { originPrefix: 'audit.strongroom.example', masterSeeds: [keys.auditSeed] } },
    vault: { kms: keys.kms, secrets: keys.secrets },
    identity: {
      passwordHasher: createArgon2PasswordHasher(),
      sender: mailbox,
      tokens: {
        issuer: 'https://auth.strongroom.example',
        audience: 'https://api.strongroom.example',
      },
      defaultRoles: config.defaultRoles,
      ...(redis === undefined
        ? {}
        : { rateLimiter: redis.rateLimiter, revocations: redis.revocations }),
    },
    disputes: exampleDisputeOptions(houseAccounts),
  });
  unwrapOrThrow(await strongroom.prepareKeys());
  await openHouseAccounts(strongroom, config.tenantId, houseAccounts);
  const api = createHttpApi(strongroom, {
    publicTenant: config.tenantId,
    logger: overrides.logger ?? createPinoLogger({ base: { service: 'strongroom-example' } }),
    postingTemplates: EXAMPLE_POSTING_TEMPLATES,
    ...(redis === undefined
      ? {}
      : {
          rateLimiter: redis.rateLimiter,
          idempotency: { store: redis.idempotency },
          readinessChecks: { redis: async () => (await redis.client.ping()) === 'PONG' },
        }),
  });
  const app = express();
  app.disable('x-powered-by');
  // No Express body parser: the API reads the raw stream itself, with its own size limit.
  const forward = getRequestListener(api.fetch);
  app.use((request, response) => forward(request, response));
  const worker: RunningWorker = strongroom.worker.start({ tenants: () => [config.tenantId] });
  let server: ReturnType<Express['listen']> | undefined;
  return {
    express: app,
    api,
    strongroom,
    mailbox,
    houseAccounts,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const listening = app.listen(port, host, (error) => {
          if (error !== undefined) return reject(error);
          resolve(`http://${host}:${(listening.address() as AddressInfo).port}`);
        });
        server = listening;
      }),
    async close() {
      await new Promise<void>((resolve) =>
        server === undefined ? resolve() : server.close(() => resolve()),
      );
      await worker.stop().catch(() => undefined);
      await strongroom.close();
      await release();
      await redis?.client.quit();
    },
  };
}
