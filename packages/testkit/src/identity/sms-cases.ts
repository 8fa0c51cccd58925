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

/** SMS one-time codes as a second factor. */
export function defineSmsCases(context: IdentitySuiteContext): void {
  it('texts a six-digit code for a pending sign-in, which completes it', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada, { withPhone: true });
    const principal = await principalOf(suite, await signIn(suite, tenantId, ada));
    expect((await suite.identity.mfa.enableSms(principal)).isOk()).toBe(true);
    const challenge = (await attemptLogin(suite, tenantId, ada))._unsafeUnwrap();
    if (challenge.status !== 'mfa_required') throw new Error('expected a second-factor challenge');
    expect(challenge.methods).toEqual(['sms']);
    const { mfaToken } = challenge;
    const sent = await suite.identity.mfa.sendLoginSmsCode({ tenantId, mfaToken });
    expect(sent._unsafeUnwrap()).toEqual({ delivered: true });
    const message = suite.mailbox.latestTo(ada.phoneE164, 'sms_code');
    expect(message).toMatchObject({ channel: 'sms', tenantId, userId: principal.userId });
    const code = message.secret ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await suite.identity.mfa.completeLogin({
      tenantId,
      mfaToken,
      method: 'sms',
      code: wrong,
    });
    expect(failureOf(refused)).toEqual({ type: 'identity.invalid_mfa_code', reason: 'invalid' });
    const completed = await suite.identity.mfa.completeLogin({
      tenantId,
      mfaToken,
      method: 'sms',
      code,
    });
    const signedIn = completed._unsafeUnwrap();
    expect((await principalOf(suite, signedIn)).authenticationMethods).toEqual(['pwd', 'sms']);
    // The challenge is spent with its code.
    const replay = await suite.identity.mfa.completeLogin({
      tenantId,
      mfaToken,
      method: 'sms',
      code,
    });
    expect(failureOf(replay)).toEqual({ type: 'identity.invalid_mfa_code', reason: 'expired' });
  });

  it('refuses SMS codes for a user without a phone on record', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const principal = await principalOf(suite, await signIn(suite, tenantId, ada));
    expect(failureOf(await suite.identity.mfa.enableSms(principal))).toEqual({
      type: 'identity.mfa_not_enrolled',
      method: 'sms',
    });
    await signIn(suite, tenantId, ada);
  });
}
