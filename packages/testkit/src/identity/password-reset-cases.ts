import { expect, it } from 'vitest';
import {
  attemptLogin,
  failureOf,
  type IdentitySuiteContext,
  registerVerified,
  signIn,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

const RESET_TTL_MS = 30 * 60_000;

/** Password reset by a single-use emailed token, which signs every device out. */
export function definePasswordResetCases(context: IdentitySuiteContext): void {
  it('answers a reset request for an unknown email alike, and sends nothing', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const stranger = newPerson('stranger');
    const answer = await suite.identity.requestPasswordReset({ tenantId, email: stranger.email });
    expect(answer.isOk()).toBe(true);
    expect(suite.mailbox.messagesTo(stranger.email, 'password_reset')).toEqual([]);
    expect(failureOf(await suite.identity.requestPasswordReset({ tenantId, email: 'x' }))).toEqual({
      type: 'validation',
      field: 'email',
      reason: 'bad_format',
    });
  });

  it('resets a password: the old one fails, the new one works, every session ends', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const userId = await registerVerified(suite, tenantId, ada);
    const before = await signIn(suite, tenantId, ada);
    const requested = await suite.identity.requestPasswordReset({ tenantId, email: ada.email });
    expect(requested.isOk()).toBe(true);
    const message = suite.mailbox.latestTo(ada.email, 'password_reset');
    expect(message).toMatchObject({ channel: 'email', userId });
    const token = suite.mailbox.secretFor(ada.email, 'password_reset');
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    const weak = await suite.identity.resetPassword({
      tenantId,
      token,
      newPassword: 'password123',
    });
    expect(failureOf(weak)).toEqual({ type: 'identity.weak_password', reason: 'common' });
    const { password: newPassword } = newPerson('ada-new');
    const reset = await suite.identity.resetPassword({ tenantId, token, newPassword });
    expect(reset._unsafeUnwrap()).toEqual({ userId });

    expect(failureOf(await attemptLogin(suite, tenantId, ada))).toEqual({
      type: 'identity.invalid_credentials',
    });
    await signIn(suite, tenantId, { ...ada, password: newPassword });
    const refreshed = await suite.identity.refresh({ tenantId, refreshToken: before.refreshToken });
    expect(failureOf(refreshed)).toEqual({
      type: 'identity.invalid_refresh_token',
      reason: 'revoked',
    });
    expect(failureOf(await suite.identity.authenticate(before.accessToken))).toEqual({
      type: 'identity.token_revoked',
    });
    const again = await suite.identity.resetPassword({
      tenantId,
      token,
      newPassword: newPerson('ada-third').password,
    });
    expect(failureOf(again)).toEqual({
      type: 'identity.invalid_verification_token',
      reason: 'used',
    });
  });

  it('refuses a reset token after 30 minutes', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    (await suite.identity.requestPasswordReset({ tenantId, email: ada.email }))._unsafeUnwrap();
    suite.clock.advance(RESET_TTL_MS);
    const token = suite.mailbox.secretFor(ada.email, 'password_reset');
    const late = await suite.identity.resetPassword({
      tenantId,
      token,
      newPassword: newPerson('ada-new').password,
    });
    expect(failureOf(late)).toEqual({
      type: 'identity.invalid_verification_token',
      reason: 'expired',
    });
    await signIn(suite, tenantId, ada);
  });
}
