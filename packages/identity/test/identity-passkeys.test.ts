import { createAuditLog } from '@strongroom/audit';
import {
  createStorageRateLimiter,
  FakeClock,
  ok,
  parseTenantId,
  type Storage,
  type TenantId,
  unwrapOrThrow,
} from '@strongroom/kernel';
import { createMemoryStorage } from '@strongroom/memory';
import {
  createEnvironmentSecretProvider,
  createSoftwareKms,
  createVault,
  generateSoftwareKeyring,
} from '@strongroom/vault';
import { describe, expect, it } from 'vitest';
import { createArgon2PasswordHasher } from '../src/node/argon2-password-hasher.js';
import { createStorageRevocationList } from '../src/revocation/storage-revocation-list.js';
import type { IdentityMessage } from '../src/senders/identity-sender.js';
import { createIdentity, type Identity } from '../src/service/create-identity.js';
import { IDENTITY_COLLECTIONS } from '../src/service/identity-collections.js';
import { hashSecretToken } from '../src/service/secret-token.js';
import {
  FIXTURE_NOW_MS,
  fixtureRelyingParty,
  fixtures,
} from './fixtures/webauthn/webauthn-fixtures.js';

const PASSWORD = 'a long and unusual passphrase';
const secret = (fill: number) =>
  JSON.stringify({ versions: [{ version: 1, value: Buffer.alloc(32, fill).toString('base64') }] });

interface Harness {
  readonly identity: Identity;
  readonly storage: Storage;
  readonly tenantId: TenantId;
  readonly outbox: IdentityMessage[];
}

function harness(): Harness {
  const clock = new FakeClock(new Date(FIXTURE_NOW_MS));
  const storage = createMemoryStorage();
  const audit = createAuditLog({
    storage,
    clock,
    signing: {
      originPrefix: 'identity.strongroom.test',
      masterSeeds: [new Uint8Array(32).fill(5)],
    },
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
  const identity = createIdentity({
    storage,
    audit,
    vault,
    clock,
    passwordHasher: createArgon2PasswordHasher(
      { memoryKib: 1024, passes: 1, parallelism: 1 },
      { allowWeakParameters: true },
    ),
    rateLimiter: createStorageRateLimiter({ storage, clock }),
    revocations: createStorageRevocationList({ storage, clock }),
    sender: {
      send: async (message) => {
        outbox.push(message);
        return ok(undefined);
      },
    },
    tokens: { issuer: 'https://id.strongroom.test', audience: 'https://api.strongroom.test' },
    relyingParty: fixtureRelyingParty,
  });
  return { identity, storage, tenantId: unwrapOrThrow(parseTenantId('acme')), outbox };
}

/** Replaces a stored challenge by the one the recorded ceremony signed, as if it had been issued. */
async function plantChallenge(
  storage: Storage,
  tenantId: TenantId,
  collection: string,
  id: string,
  change: (data: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => {
      const record = await tx.records.get(collection, id);
      if (record === undefined) throw new Error(`no ${collection}/${id}`);
      return ok(
        await tx.records.put({
          collection,
          id,
          data: change(record.data) as never,
          expectedVersion: record.version,
        }),
      );
    }),
  );
}

async function signedInUser({ identity, tenantId, outbox }: Harness) {
  const { userId } = unwrapOrThrow(
    await identity.register({
      tenantId,
      email: 'pat@example.com',
      password: PASSWORD,
      clientAddress: '198.51.100.1',
    }),
  );
  unwrapOrThrow(await identity.verifyEmail({ tenantId, token: outbox.at(-1)?.secret }));
  const signedIn = unwrapOrThrow(await login({ identity, tenantId }));
  if (signedIn.status !== 'signed_in') throw new Error('expected a session');
  return { userId, principal: unwrapOrThrow(await identity.authenticate(signedIn.accessToken)) };
}

function login({ identity, tenantId }: Pick<Harness, 'identity' | 'tenantId'>) {
  return identity.login({
    tenantId,
    email: 'pat@example.com',
    password: PASSWORD,
    device: {},
    clientAddress: '198.51.100.1',
  });
}

describe('identity passkeys', () => {
  it('registers a passkey and then requires it at login, where the recorded assertion signs in', async () => {
    const h = harness();
    const { userId, principal } = await signedInUser(h);
    unwrapOrThrow(await h.identity.passkeys.beginRegistration(principal));
    await plantChallenge(
      h.storage,
      h.tenantId,
      IDENTITY_COLLECTIONS.passkeyRegistrations,
      userId,
      (data) => ({
        ...data,
        value: fixtures.registration.challenge,
      }),
    );
    const registered = unwrapOrThrow(
      await h.identity.passkeys.finishRegistration(principal, fixtures.registration.response),
    );
    expect(registered.recoveryCodes).toHaveLength(10);

    const pending = unwrapOrThrow(await login(h));
    if (pending.status !== 'mfa_required') throw new Error('expected a second factor');
    expect(pending.methods).toEqual(['passkey', 'recovery_code']);
    unwrapOrThrow(
      await h.identity.passkeys.beginLogin({ tenantId: h.tenantId, mfaToken: pending.mfaToken }),
    );
    const { first } = fixtures.authentication.assertions;
    await plantChallenge(
      h.storage,
      h.tenantId,
      IDENTITY_COLLECTIONS.mfaChallenges,
      hashSecretToken(pending.mfaToken),
      (data) => ({
        ...data,
        passkeyChallenge: { ...(data['passkeyChallenge'] as object), value: first.challenge },
      }),
    );
    const signedIn = unwrapOrThrow(
      await h.identity.passkeys.completeLogin({
        tenantId: h.tenantId,
        mfaToken: pending.mfaToken,
        response: first.response,
      }),
    );
    const claims = unwrapOrThrow(await h.identity.authenticate(signedIn.accessToken));
    expect(claims.authenticationMethods).toEqual(['pwd', 'hwk']);

    // The MFA token was spent with the login: replaying the assertion signs nobody in.
    const replay = await h.identity.passkeys.completeLogin({
      tenantId: h.tenantId,
      mfaToken: pending.mfaToken,
      response: first.response,
    });
    expect(replay._unsafeUnwrapErr()).toEqual({
      type: 'identity.invalid_mfa_code',
      reason: 'expired',
    });

    // The stored counter moved to 1: the same assertion on a fresh login looks like a clone.
    const next = unwrapOrThrow(await login(h));
    if (next.status !== 'mfa_required') throw new Error('expected a second factor');
    unwrapOrThrow(
      await h.identity.passkeys.beginLogin({ tenantId: h.tenantId, mfaToken: next.mfaToken }),
    );
    await plantChallenge(
      h.storage,
      h.tenantId,
      IDENTITY_COLLECTIONS.mfaChallenges,
      hashSecretToken(next.mfaToken),
      (data) => ({
        ...data,
        passkeyChallenge: { ...(data['passkeyChallenge'] as object), value: first.challenge },
      }),
    );
    const cloned = await h.identity.passkeys.completeLogin({
      tenantId: h.tenantId,
      mfaToken: next.mfaToken,
      response: first.response,
    });
    expect(cloned._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'counter_regressed',
    });
  });

  it('refuses a registration whose challenge was not the one issued, and spends the challenge', async () => {
    const h = harness();
    const { principal } = await signedInUser(h);
    unwrapOrThrow(await h.identity.passkeys.beginRegistration(principal));
    const wrong = await h.identity.passkeys.finishRegistration(
      principal,
      fixtures.registration.response,
    );
    expect(wrong._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'challenge_mismatch',
    });
    const again = await h.identity.passkeys.finishRegistration(
      principal,
      fixtures.registration.response,
    );
    expect(again._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'challenge_mismatch',
    });
  });

  it('refuses a passkey assertion without a pending login, and needs no passkey without one', async () => {
    const h = harness();
    await signedInUser(h);
    const pending = unwrapOrThrow(await login(h));
    expect(pending.status).toBe('signed_in');
    const refused = await h.identity.passkeys.completeLogin({
      tenantId: h.tenantId,
      mfaToken: '0'.repeat(64),
      response: fixtures.authentication.assertions.first.response,
    });
    expect(refused._unsafeUnwrapErr()).toEqual({
      type: 'identity.invalid_mfa_code',
      reason: 'expired',
    });
  });
});
