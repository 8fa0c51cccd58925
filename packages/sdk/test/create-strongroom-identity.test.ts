import type { IdentityMessage } from '@strongroom/identity';
import { createArgon2PasswordHasher } from '@strongroom/identity/node';
import { FakeClock, ok, parseTenantId, unwrapOrThrow } from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { describe, expect, it } from 'vitest';
import { createStrongroom } from '../src/index.js';

const secret = (fill: number) =>
  JSON.stringify({ versions: [{ version: 1, value: Buffer.alloc(32, fill).toString('base64') }] });

describe('createStrongroom with identity', () => {
  it('prepares the token KEK and signs a verified user in on the facade storage', async () => {
    const clock = new FakeClock(new Date('2026-05-01T12:00:00.000Z'));
    const outbox: IdentityMessage[] = [];
    // The keyring starts without `tokens`: prepareKeys must create it.
    const kms = createSoftwareKms({ keyring: generateSoftwareKeyring(['cards', 'fields'], clock) });
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      clock,
      audit: {
        signing: { originPrefix: 'audit.example.com', masterSeeds: [new Uint8Array(32).fill(1)] },
      },
      vault: {
        kms,
        secrets: createEnvironmentSecretProvider({
          STRONGROOM_SECRET_CARD_FINGERPRINT: secret(2),
          STRONGROOM_SECRET_BLIND_INDEX: secret(3),
        }),
      },
      identity: {
        passwordHasher: createArgon2PasswordHasher(
          { memoryKib: 1024, passes: 1, parallelism: 1 },
          { allowWeakParameters: true },
        ),
        sender: {
          send: async (message) => {
            outbox.push(message);
            return ok(undefined);
          },
        },
        tokens: { issuer: 'https://auth.example.com', audience: 'https://api.example.com' },
      },
    });
    const identity = strongroom.identity;
    if (identity === undefined) throw new Error('identity options were given');
    unwrapOrThrow(await strongroom.prepareKeys());
    const tenantId = unwrapOrThrow(parseTenantId('acme'));
    const registered = unwrapOrThrow(
      await identity.register({
        tenantId,
        email: 'Ann@Example.com',
        password: 'correct horse battery staple',
        clientAddress: '203.0.113.7',
      }),
    );
    expect(outbox.map((message) => message.kind)).toEqual(['email_verification']);
    unwrapOrThrow(await identity.verifyEmail({ tenantId, token: outbox[0]?.secret }));
    const signedIn = unwrapOrThrow(
      await identity.login({
        tenantId,
        email: 'ann@example.com',
        password: 'correct horse battery staple',
        device: { label: 'laptop' },
        clientAddress: '203.0.113.7',
      }),
    );
    if (signedIn.status !== 'signed_in') throw new Error('no second factor was enrolled');
    const principal = unwrapOrThrow(await identity.authenticate(signedIn.accessToken));
    expect(principal).toMatchObject({ tenantId, userId: registered.userId });
    await strongroom.close();
  });

  it('leaves identity out when no identity options are given', () => {
    const strongroom = createStrongroom({
      storage: createMemoryStorage(),
      audit: {
        signing: { originPrefix: 'audit.example.com', masterSeeds: [new Uint8Array(32).fill(1)] },
      },
      vault: {
        kms: createSoftwareKms({
          keyring: generateSoftwareKeyring(['cards', 'fields'], new FakeClock(new Date())),
        }),
        secrets: createEnvironmentSecretProvider({}),
      },
    });
    expect(strongroom.identity).toBeUndefined();
  });
});
