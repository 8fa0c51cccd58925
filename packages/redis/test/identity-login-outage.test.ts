import { createAuditLog } from '@strongroom/audit';
import { createIdentity, type IdentityMessage } from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { FakeClock, ok, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createVault,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter, createRedisRevocationList } from '../src/index.js';
import { startOutageRedis, stopOutageRedis } from './support/outage-redis.js';
import type { PrivateRedisServer } from './support/private-redis-server.js';
import { tenant } from './support/shared-redis.js';

const PASSWORD = 'a long and unusual passphrase';
const secret = (fill: number) =>
  JSON.stringify({ versions: [{ version: 1, value: Buffer.alloc(32, fill).toString('base64') }] });

let server: PrivateRedisServer;
let client: Redis;

beforeAll(async () => {
  ({ server, client } = await startOutageRedis());
});
afterAll(() => stopOutageRedis({ server, client }));

describe('identity on Redis when Redis goes away', () => {
  it('refuses sign-ins and access tokens with a retryable error instead of skipping the limit or the denylist', async () => {
    const clock = new FakeClock();
    const storage = createMemoryStorage();
    const audit = createAuditLog({
      storage,
      clock,
      signing: { originPrefix: 'redis.strongroom.test', masterSeeds: [new Uint8Array(32).fill(9)] },
    });
    const kms = createSoftwareKms({
      keyring: generateSoftwareKeyring(['cards', 'fields', 'tokens'], clock),
      clock,
    });
    const vault = createVault({
      storage,
      audit,
      kms,
      clock,
      secrets: createEnvironmentSecretProvider({
        STRONGROOM_SECRET_CARD_FINGERPRINT: secret(2),
        STRONGROOM_SECRET_BLIND_INDEX: secret(3),
      }),
    });
    const outbox: IdentityMessage[] = [];
    const keyPrefix = 'outage:';
    const identity = createIdentity({
      storage,
      audit,
      vault,
      clock,
      passwordHasher: createArgon2PasswordHasher(
        { memoryKib: 1024, passes: 1, parallelism: 1 },
        { allowWeakParameters: true },
      ),
      rateLimiter: createRedisRateLimiter({ client, keyPrefix }),
      revocations: createRedisRevocationList({ client, keyPrefix }),
      sender: {
        send: async (message) => {
          outbox.push(message);
          return ok(undefined);
        },
      },
      tokens: { issuer: 'https://id.strongroom.test', audience: 'https://api.strongroom.test' },
    });
    const tenantId = tenant('acme');
    const login = () =>
      identity.login({
        tenantId,
        email: 'lee@example.com',
        password: PASSWORD,
        device: {},
        clientAddress: '198.51.100.9',
      });
    unwrapOrThrow(
      await identity.register({
        tenantId,
        email: 'lee@example.com',
        password: PASSWORD,
        clientAddress: '198.51.100.9',
      }),
    );
    unwrapOrThrow(await identity.verifyEmail({ tenantId, token: outbox.at(-1)?.secret }));
    const before = unwrapOrThrow(await login());
    if (before.status !== 'signed_in') throw new Error('no second factor was enrolled');

    await server.kill();

    const refused = await login();
    expect(refused._unsafeUnwrapErr()).toMatchObject({ type: 'infrastructure', retryable: true });
    const unverifiable = await identity.authenticate(before.accessToken);
    expect(unverifiable._unsafeUnwrapErr()).toMatchObject({
      type: 'infrastructure',
      retryable: true,
    });
  });
});
