import { expect, it } from 'vitest';
import {
  attemptLogin,
  enrollTotp,
  failureOf,
  type IdentitySuiteContext,
  principalOf,
  registerVerified,
  SUITE_CLIENT_ADDRESS,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

const DEVICE = { label: 'Grace’s tablet' };

/** GDPR: the export of a user's data (art. 15 and 20) and erasure (art. 17) to a tombstone. */
export function defineErasureCases(context: IdentitySuiteContext): void {
  it('exports the email, phone and devices decrypted, and never a credential', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const [grace, bob] = [newPerson('grace'), newPerson('bob')];
    const userId = await registerVerified(suite, tenantId, grace, { withPhone: true });
    await registerVerified(suite, tenantId, bob);
    const principal = await principalOf(
      suite,
      await signIn(suite, tenantId, grace, { device: DEVICE }),
    );
    const { secret, recoveryCodes } = await enrollTotp(suite, principal);

    const exported = (await suite.identity.exportUser(principal, userId))._unsafeUnwrap();
    expect(exported).toMatchObject({
      formatVersion: 1,
      userId,
      email: grace.email,
      phone: grace.phoneE164,
      status: 'active',
      roles: [],
      secondFactors: expect.arrayContaining(['totp', 'recovery_code']),
    });
    expect(exported.devices.map((device) => device.label)).toEqual([DEVICE.label]);
    const text = JSON.stringify(exported);
    for (const credential of [grace.password, secret, '$argon2id', ...recoveryCodes]) {
      expect(text.includes(credential), 'the export holds no credential').toBe(false);
    }
    const stranger = await principalOf(suite, await signIn(suite, tenantId, bob));
    expect(failureOf(await suite.identity.exportUser(stranger, userId))).toEqual({
      type: 'identity.permission_denied',
      permission: 'identity.user.export',
    });
  });

  it('erases a user to a tombstone: no sign-in, no tokens, no export, the email free again', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const grace = newPerson('grace');
    const userId = await registerVerified(suite, tenantId, grace, { withPhone: true });
    const signedIn = await signIn(suite, tenantId, grace, { device: DEVICE });
    const principal = await principalOf(suite, signedIn);

    expect((await suite.identity.eraseUser(principal, userId))._unsafeUnwrap()).toEqual({
      userId,
      erased: true,
    });
    expect(failureOf(await attemptLogin(suite, tenantId, grace))).toEqual({
      type: 'identity.invalid_credentials',
    });
    expect(failureOf(await suite.identity.authenticate(signedIn.accessToken))).toEqual({
      type: 'identity.token_revoked',
    });
    const refreshed = await suite.identity.refresh({
      tenantId,
      refreshToken: signedIn.refreshToken,
    });
    expect(failureOf(refreshed)).toEqual({
      type: 'identity.invalid_refresh_token',
      reason: 'revoked',
    });
    expect(failureOf(await suite.identity.exportUser(principal, userId))).toEqual({
      type: 'identity.user_erased',
    });
    expect((await suite.identity.eraseUser(principal, userId))._unsafeUnwrap()).toEqual({
      userId,
      erased: false,
    });

    const again = await suite.identity.register({
      tenantId,
      email: grace.email,
      password: grace.password,
      clientAddress: SUITE_CLIENT_ADDRESS,
    });
    const newcomer = again._unsafeUnwrap().userId;
    expect(newcomer).not.toBe(userId);
    const token = suite.mailbox.secretFor(grace.email, 'email_verification');
    expect((await suite.identity.verifyEmail({ tenantId, token }))._unsafeUnwrap()).toEqual({
      userId: newcomer,
    });
    expect((await signIn(suite, tenantId, grace)).userId).toBe(newcomer);
  });
}
