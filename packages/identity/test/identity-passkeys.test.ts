import { ok, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { IDENTITY_COLLECTIONS } from '../src/service/identity-collections.js';
import { hashSecretToken } from '../src/service/secret-token.js';
import {
  FIXTURE_NOW_MS,
  fixtureRelyingParty,
  fixtures,
} from './fixtures/webauthn/webauthn-fixtures.js';
import {
  createIdentityHarness,
  type IdentityHarness,
  registerVerifiedUser,
  signIn,
} from './identity-harness.js';

type Harness = IdentityHarness;

function harness(): Harness {
  return createIdentityHarness({ nowMs: FIXTURE_NOW_MS, relyingParty: fixtureRelyingParty });
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

async function signedInUser(h: Harness) {
  const userId = await registerVerifiedUser(h, 'pat@example.com');
  const signedIn = unwrapOrThrow(await login(h));
  if (signedIn.status !== 'signed_in') throw new Error('expected a session');
  return { userId, principal: unwrapOrThrow(await h.identity.authenticate(signedIn.accessToken)) };
}

function login(h: Harness) {
  return signIn(h, 'pat@example.com');
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
