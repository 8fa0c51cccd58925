import { ok, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../src/passwords/password-hasher.js';
import { IDENTITY_COLLECTIONS } from '../src/service/identity-collections.js';
import { SESSION_TTL_MS_DEFAULT } from '../src/service/identity-limits.js';
import {
  createIdentityHarness,
  type IdentityHarness,
  registerVerifiedUser,
  signIn,
  smallArgon2Hasher,
} from './identity-harness.js';

/** The real hasher, counting its verifications: what timing would otherwise have to reveal. */
function countingHasher(): { hasher: PasswordHasher; verifications: () => number } {
  const inner = smallArgon2Hasher();
  let count = 0;
  return {
    hasher: {
      hash: (password) => inner.hash(password),
      needsRehash: (stored) => inner.needsRehash(stored),
      async verify(stored, password) {
        count += 1;
        return inner.verify(stored, password);
      },
    },
    verifications: () => count,
  };
}

async function collectionSize(harness: IdentityHarness, collection: string): Promise<number> {
  const listed = unwrapOrThrow(
    await harness.storage.transaction(harness.tenantId, async (tx) =>
      ok(await tx.records.list(collection, { limit: 100 })),
    ),
  );
  return listed.items.length;
}

describe('identity sign-in', () => {
  it('does one password verification, and answers alike, for an unknown email and a wrong password', async () => {
    const counting = countingHasher();
    const harness = createIdentityHarness({ passwordHasher: counting.hasher });
    await registerVerifiedUser(harness, 'kim@example.com');
    const before = counting.verifications();
    const unknown = await signIn(harness, 'nobody@example.com');
    const afterUnknown = counting.verifications();
    const wrong = await signIn(harness, 'kim@example.com', 'not the password at all');
    expect(afterUnknown - before).toBe(1);
    expect(counting.verifications() - afterUnknown).toBe(1);
    expect(unknown._unsafeUnwrapErr()).toEqual(wrong._unsafeUnwrapErr());
    expect(wrong._unsafeUnwrapErr()).toEqual({ type: 'identity.invalid_credentials' });
  });

  it('purges expired tokens, sessions and refresh tokens, and keeps users and devices', async () => {
    const harness = createIdentityHarness();
    for (const name of ['a', 'b', 'c']) {
      await registerVerifiedUser(harness, `${name}@example.com`);
      const signedIn = unwrapOrThrow(await signIn(harness, `${name}@example.com`));
      if (signedIn.status !== 'signed_in') throw new Error('no second factor was enrolled');
      unwrapOrThrow(
        await harness.identity.refresh({
          tenantId: harness.tenantId,
          refreshToken: signedIn.refreshToken,
        }),
      );
    }
    // Three verification tokens, three sessions, six refresh tokens (current and rotated).
    expect(await collectionSize(harness, IDENTITY_COLLECTIONS.tokens)).toBe(3);
    expect(await collectionSize(harness, IDENTITY_COLLECTIONS.refreshTokens)).toBe(6);
    const early = unwrapOrThrow(await harness.identity.purgeExpired(harness.tenantId));
    // Verification tokens last a day; nothing else has expired yet.
    expect(early).toEqual({ deletedCount: 0, next: null });

    harness.clock.advance(SESSION_TTL_MS_DEFAULT);
    const report = unwrapOrThrow(
      await harness.identity.purgeExpired(harness.tenantId, { pages: 1 }),
    );
    expect(report).toEqual({ deletedCount: 3 + 6 + 3, next: null });
    for (const collection of [
      IDENTITY_COLLECTIONS.tokens,
      IDENTITY_COLLECTIONS.refreshTokens,
      IDENTITY_COLLECTIONS.sessions,
    ]) {
      expect(await collectionSize(harness, collection)).toBe(0);
    }
    // Users and devices are not expiring records: they stay.
    expect(await collectionSize(harness, IDENTITY_COLLECTIONS.users)).toBe(3);
    expect(await collectionSize(harness, IDENTITY_COLLECTIONS.devices)).toBe(3);
  });

  it('resumes a purge where the page budget ran out, across collections', async () => {
    const harness = createIdentityHarness();
    const expiredAtMs = harness.clock.now().getTime() - 1;
    // 150 expired reset tokens, as a busy tenant would leave behind (written as the service does).
    unwrapOrThrow(
      await harness.storage.transaction(harness.tenantId, async (tx) => {
        for (let index = 0; index < 150; index += 1) {
          await tx.records.put({
            collection: IDENTITY_COLLECTIONS.tokens,
            id: index.toString(16).padStart(64, '0'),
            data: {
              purpose: 'password_reset',
              userId: 'usr_x',
              expiresAtMs: expiredAtMs,
              usedAtMs: null,
            },
            expectedVersion: 0,
          });
        }
        return ok(undefined);
      }),
    );
    const first = unwrapOrThrow(
      await harness.identity.purgeExpired(harness.tenantId, { pages: 1 }),
    );
    expect(first.deletedCount).toBe(100);
    expect(first.next?.collection).toBe(IDENTITY_COLLECTIONS.tokens);
    const second = unwrapOrThrow(
      await harness.identity.purgeExpired(harness.tenantId, {
        pages: 1,
        ...(first.next === null ? {} : { after: first.next }),
      }),
    );
    expect(second).toEqual({ deletedCount: 50, next: null });
    expect(await collectionSize(harness, IDENTITY_COLLECTIONS.tokens)).toBe(0);
  });

  it('resends a verification token to an unverified email only, answering alike for any other', async () => {
    const harness = createIdentityHarness();
    const { identity, tenantId, outbox } = harness;
    unwrapOrThrow(
      await identity.register({
        tenantId,
        email: 'new@example.com',
        password: 'a long and unusual passphrase',
        clientAddress: '198.51.100.1',
      }),
    );
    await registerVerifiedUser(harness, 'done@example.com');
    const sent = outbox.length;
    for (const email of ['new@example.com', 'done@example.com', 'nobody@example.com'])
      expect((await identity.resendVerification({ tenantId, email })).isOk()).toBe(true);
    const resent = outbox.slice(sent);
    expect(resent.map((message) => [message.kind, message.to])).toEqual([
      ['email_verification', 'new@example.com'],
    ]);
    unwrapOrThrow(await identity.verifyEmail({ tenantId, token: resent[0]?.secret }));
    expect((await signIn(harness, 'new@example.com')).isOk()).toBe(true);
  });

  it('rotates the signing key for an admin only, and old tokens keep verifying', async () => {
    const harness = createIdentityHarness();
    const { identity, tenantId } = harness;
    const userId = await registerVerifiedUser(harness, 'ops@example.com');
    const before = unwrapOrThrow(await signIn(harness, 'ops@example.com'));
    if (before.status !== 'signed_in') throw new Error('no second factor was enrolled');
    const plain = unwrapOrThrow(await identity.authenticate(before.accessToken));
    expect((await identity.rotateSigningKey(plain))._unsafeUnwrapErr()).toEqual({
      type: 'identity.permission_denied',
      permission: 'identity.signing_key.rotate',
    });
    const admin = { ...plain, roles: ['admin'] };
    unwrapOrThrow(
      await identity.administer(admin, userId, { kind: 'assign_roles', roles: ['admin'] }),
    );
    const rotated = unwrapOrThrow(await identity.rotateSigningKey(admin));
    const jwks = unwrapOrThrow(await identity.accessTokens.jwks(tenantId));
    expect(jwks.keys.map((key) => key.kid)).toEqual(
      expect.arrayContaining([rotated.kid, rotated.retiredKid]),
    );
    expect((await identity.authenticate(before.accessToken)).isOk()).toBe(true);
  });

  it('lists a device as signed in only while its session is live', async () => {
    const harness = createIdentityHarness();
    const { identity } = harness;
    const userId = await registerVerifiedUser(harness, 'lee@example.com');
    const signedIn = unwrapOrThrow(await signIn(harness, 'lee@example.com'));
    if (signedIn.status !== 'signed_in') throw new Error('no second factor was enrolled');
    const principal = unwrapOrThrow(await identity.authenticate(signedIn.accessToken));
    const before = unwrapOrThrow(await identity.listDevices(principal, userId));
    expect(before.map((device) => device.signedIn)).toEqual([true]);
    harness.clock.advance(SESSION_TTL_MS_DEFAULT);
    // The principal was authenticated before; listing reads the records as they are now.
    const expired = unwrapOrThrow(await identity.listDevices(principal, userId));
    expect(expired.map((device) => [device.deviceId, device.signedIn])).toEqual([
      [signedIn.deviceId, false],
    ]);
  });
});
