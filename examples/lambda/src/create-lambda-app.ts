import {
  DevelopmentMailbox,
  EXAMPLE_POSTING_TEMPLATES,
  exampleDisputeOptions,
  type HouseAccountsByCurrency,
  openHouseAccounts,
} from '@strongroom/example-shared';
import { createHttpApi, createPinoLogger, type HttpApp, type Logger } from '@strongroom/http';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import type { Clock } from '@strongroom/kernel';
import { createStrongroom, type Strongroom } from '@strongroom/sdk';
import { openDynamoDbStorage } from './dynamodb-storage.js';
import { createEventPublishing, type EventPublishing } from './event-publisher.js';
import { houseAccountIds } from './house-accounts.js';
import { createLambdaKms, requireKeks } from './kms.js';
import { type LambdaConfig, REQUIRED_KEK_IDS } from './lambda-config.js';
import { openRedisAdapters } from './redis-adapters.js';
import { createLambdaSecretProvider, readAuditSeeds, requireVaultSecrets } from './secrets.js';

/** Strongroom and its REST API as one Lambda instance holds them between invocations. */
export interface LambdaApp {
  readonly config: LambdaConfig;
  /** The Hono app `hono/aws-lambda` serves. */
  readonly api: HttpApp;
  readonly strongroom: Strongroom;
  /** Where verification emails and codes go (see {@link DevelopmentMailbox}). */
  readonly mailbox: DevelopmentMailbox;
  /** The dispute house accounts (reserve, fees, losses) of each configured currency. */
  readonly houseAccounts: HouseAccountsByCurrency;
  /** Where the worker's outbox relay publishes. */
  readonly events: EventPublishing;
  readonly logger: Logger;
  /** Closes Strongroom, Redis and the DynamoDB client (tests and `local.ts`; Lambda just freezes). */
  close(): Promise<void>;
}

/** What a test or `local.ts` may replace. */
export interface LambdaAppOverrides {
  /** A `FakeClock`, so that codes rotate and deadlines pass on demand. */
  readonly clock?: Clock;
  readonly logger?: Logger;
}

type Release = () => Promise<void>;

async function releaseAll(releases: readonly Release[]): Promise<void> {
  for (const release of [...releases].reverse()) await release().catch(() => undefined);
}

/**
 * Builds Strongroom and its API from the configuration: DynamoDB storage, Redis when configured
 * (rate limits, idempotency keys, token revocations), AWS KMS or the software KMS, secrets and the
 * audit seed from Secrets Manager or the environment, the `card.capture` posting template, and
 * disputes with their house accounts opened in every configured tenant. Checks on the way that
 * every KEK and secret is usable, so a misconfigured function fails its cold start with the name
 * of what is missing. Whatever was opened is closed again when a later step fails.
 */
export async function createLambdaApp(
  config: LambdaConfig,
  overrides: LambdaAppOverrides = {},
): Promise<LambdaApp> {
  const logger =
    overrides.logger ?? createPinoLogger({ base: { service: 'strongroom-example-lambda' } });
  const releases: Release[] = [];
  try {
    const secrets = createLambdaSecretProvider(config);
    await requireVaultSecrets(secrets);
    const masterSeeds = await readAuditSeeds(secrets, config.auditSeedSecret);
    const redis =
      config.redis === undefined ? undefined : await openRedisAdapters(config.redis, logger);
    if (redis !== undefined) releases.push(() => redis.quit());
    const { client, storage } = openDynamoDbStorage(config);
    releases.push(async () => client.destroy());
    const kms = createLambdaKms(config);
    releases.push(() => kms.close());
    await requireKeks(kms, REQUIRED_KEK_IDS);
    const mailbox = new DevelopmentMailbox();
    const houseAccounts = houseAccountIds(config.currencies);
    const strongroom = createStrongroom({
      storage,
      ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
      audit: { signing: { originPrefix: config.auditOrigin, masterSeeds } },
      vault: { kms, secrets },
      identity: {
        passwordHasher: createArgon2PasswordHasher(),
        sender: mailbox,
        tokens: config.tokens,
        defaultRoles: config.defaultRoles,
        ...(redis === undefined
          ? {}
          : { rateLimiter: redis.rateLimiter, revocations: redis.revocations }),
      },
      disputes: exampleDisputeOptions(houseAccounts),
    });
    // Strongroom's close flushes the vault's counters through the client, then closes the KMS and
    // the storage: it takes the KMS's place, and runs before the client is destroyed.
    releases.pop();
    releases.push(() => strongroom.close());
    for (const tenantId of new Set([config.tenantId, ...config.workerTenants]))
      await openHouseAccounts(strongroom, tenantId, houseAccounts);
    const api = createHttpApi(strongroom, {
      publicTenant: config.tenantId,
      logger,
      postingTemplates: EXAMPLE_POSTING_TEMPLATES,
      ...(redis === undefined
        ? {}
        : {
            rateLimiter: redis.rateLimiter,
            idempotency: { store: redis.idempotency },
            readinessChecks: { redis: redis.ping },
          }),
    });
    return {
      config,
      api,
      strongroom,
      mailbox,
      houseAccounts,
      events: createEventPublishing(config),
      logger,
      close: () => releaseAll(releases),
    };
  } catch (error) {
    await releaseAll(releases);
    throw error;
  }
}
