import { expect, it } from 'vitest';
import {
  failureOf,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

const TOKEN_REVOKED = { type: 'identity.token_revoked' };
const ACCESS_TOKEN_TTL_MS = 10 * 60_000;
const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;

function invalidRefresh(reason: string) {
  return { type: 'identity.invalid_refresh_token', reason };
}

/** Access tokens, refresh-token rotation with reuse detection, logout. */
export function defineAccessTokenCases(context: IdentitySuiteContext): void {
  it('authenticates an access token as its tenant, user, device, session and roles', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const userId = await registerVerified(suite, tenantId, ada);
    const signedIn = await signIn(suite, tenantId, ada);
    const principal = await principalOf(suite, signedIn);
    expect(principal).toMatchObject({
      tenantId,
      userId,
      deviceId: signedIn.deviceId,
      sessionId: signedIn.sessionId,
      roles: [],
      authenticationMethods: ['pwd'],
    });
    expect(principal.expiresAtMs - principal.issuedAtMs).toBe(ACCESS_TOKEN_TTL_MS);
    expect(signedIn.accessTokenExpiresAtMs).toBe(principal.expiresAtMs);
  });

  it('rotates the refresh token; a reused one ends the session and its access tokens', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const first = await signIn(suite, tenantId, ada);
    const refresh = (refreshToken: string) => suite.identity.refresh({ tenantId, refreshToken });
    const second = (await refresh(first.refreshToken))._unsafeUnwrap();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second).toMatchObject({ sessionId: first.sessionId, deviceId: first.deviceId });
    await principalOf(suite, second);

    expect(failureOf(await refresh(first.refreshToken))).toEqual({
      type: 'identity.refresh_token_reused',
    });
    expect(failureOf(await refresh(second.refreshToken))).toEqual(invalidRefresh('revoked'));
    expect(failureOf(await suite.identity.authenticate(second.accessToken))).toEqual(TOKEN_REVOKED);
    expect(failureOf(await suite.identity.authenticate(first.accessToken))).toEqual(TOKEN_REVOKED);
  });

  it('logs out: the access token is revoked and the refresh token no longer works', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const signedIn = await signIn(suite, tenantId, ada);
    const other = await signIn(suite, tenantId, ada);
    expect((await suite.identity.logout(await principalOf(suite, signedIn))).isOk()).toBe(true);
    expect(failureOf(await suite.identity.authenticate(signedIn.accessToken))).toEqual(
      TOKEN_REVOKED,
    );
    const refreshed = await suite.identity.refresh({
      tenantId,
      refreshToken: signedIn.refreshToken,
    });
    expect(failureOf(refreshed)).toEqual(invalidRefresh('revoked'));
    // Another device's session is not this one's.
    await principalOf(suite, other);
  });

  it('refuses malformed, unknown and expired tokens', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const signedIn = await signIn(suite, tenantId, ada);
    const refresh = (refreshToken: unknown) => suite.identity.refresh({ tenantId, refreshToken });
    expect(failureOf(await refresh('not a token'))).toEqual(invalidRefresh('malformed'));
    expect(failureOf(await refresh('b'.repeat(64)))).toEqual(invalidRefresh('not_found'));
    expect(failureOf(await suite.identity.authenticate('not.a.token'))).toMatchObject({
      type: 'identity.invalid_token',
    });
    expect(failureOf(await suite.identity.authenticate(42))).toEqual({
      type: 'identity.invalid_token',
      reason: 'malformed',
    });
    suite.clock.advance(SESSION_TTL_MS + 1000);
    expect(failureOf(await suite.identity.authenticate(signedIn.accessToken))).toEqual({
      type: 'identity.invalid_token',
      reason: 'expired',
    });
    expect(failureOf(await refresh(signedIn.refreshToken))).toEqual(invalidRefresh('expired'));
  });
}
