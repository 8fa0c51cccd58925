import { expect, it } from 'vitest';
import {
  attemptLogin,
  failureOf,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

/** Tenants share nothing: accounts, emails, sessions and tokens are per tenant. */
export function defineTenantIsolationCases(context: IdentitySuiteContext): void {
  it('does not sign a user of one tenant in under another, where the email is free', async () => {
    const suite = await context.identity();
    const [tenantA, tenantB] = [context.tenant('a'), context.tenant('b')];
    const ada = newPerson('ada');
    const inA = await registerVerified(suite, tenantA, ada);
    expect(failureOf(await attemptLogin(suite, tenantB, ada))).toEqual({
      type: 'identity.invalid_credentials',
    });
    (
      await suite.identity.requestPasswordReset({ tenantId: tenantB, email: ada.email })
    )._unsafeUnwrap();
    expect(suite.mailbox.messagesTo(ada.email, 'password_reset')).toEqual([]);
    const inB = await registerVerified(suite, tenantB, ada);
    expect(inB).not.toBe(inA);
    expect((await signIn(suite, tenantA, ada)).userId).toBe(inA);
    expect((await signIn(suite, tenantB, ada)).userId).toBe(inB);
  });

  it('authenticates an access token as its own tenant only', async () => {
    const suite = await context.identity();
    const [tenantA, tenantB] = [context.tenant('a'), context.tenant('b')];
    const ada = newPerson('ada');
    await registerVerified(suite, tenantA, ada);
    const signedIn = await signIn(suite, tenantA, ada);
    expect((await principalOf(suite, signedIn)).tenantId).toBe(tenantA);
    const pinned = await suite.identity.accessTokens.verify(signedIn.accessToken, {
      tenantId: tenantB,
    });
    expect(failureOf(pinned)).toEqual({ type: 'identity.invalid_token', reason: 'wrong_tenant' });
    const refreshed = await suite.identity.refresh({
      tenantId: tenantB,
      refreshToken: signedIn.refreshToken,
    });
    expect(failureOf(refreshed)).toEqual({
      type: 'identity.invalid_refresh_token',
      reason: 'not_found',
    });
    await principalOf(suite, signedIn);
  });
}
