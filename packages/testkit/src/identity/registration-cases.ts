import { expect, it } from 'vitest';
import {
  failureOf,
  type IdentitySuiteContext,
  registerVerified,
  SUITE_CLIENT_ADDRESS,
  signIn,
  storedUser,
} from './identity-suite-context.js';
import { newPerson } from './suite-person.js';

const DAY_MS = 24 * 60 * 60_000;
const SECRET_TOKEN = /^[0-9a-f]{64}$/;

/** Registration, input validation, the password policy and email verification. */
export function defineRegistrationCases(context: IdentitySuiteContext): void {
  it('registers a user pending verification and mails a 64-hex token valid for a day', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const registered = await suite.identity.register({
      tenantId,
      email: ada.email,
      password: ada.password,
      clientAddress: SUITE_CLIENT_ADDRESS,
    });
    const { userId, verificationDelivered } = registered._unsafeUnwrap();
    expect(verificationDelivered).toBe(true);
    expect((await storedUser(context.storage(), tenantId, userId))['status']).toBe(
      'pending_verification',
    );
    const messages = suite.mailbox.messagesTo(ada.email, 'email_verification');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      channel: 'email',
      tenantId,
      userId,
      expiresAtMs: suite.clock.now().getTime() + DAY_MS,
    });
    expect(messages[0]?.secret).toMatch(SECRET_TOKEN);
  });

  it('refuses an email already taken, however it is cased or padded', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const again = await suite.identity.register({
      tenantId,
      email: `  ${ada.email.toUpperCase()} `,
      password: newPerson('other').password,
      clientAddress: SUITE_CLIENT_ADDRESS,
    });
    expect(failureOf(again)).toEqual({ type: 'identity.email_taken' });
  });

  it('refuses a malformed email or phone with a validation error naming the field', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const { password, email } = newPerson('ada');
    const attempt = (input: { email: unknown; phone?: unknown }) =>
      suite.identity.register({
        tenantId,
        password,
        clientAddress: SUITE_CLIENT_ADDRESS,
        ...input,
      });
    expect(failureOf(await attempt({ email: 'ada.example.org' }))).toEqual({
      type: 'validation',
      field: 'email',
      reason: 'bad_format',
    });
    expect(failureOf(await attempt({ email: 42 }))).toMatchObject({ field: 'email' });
    expect(failureOf(await attempt({ email, phone: '020 7946 0000' }))).toEqual({
      type: 'validation',
      field: 'phone',
      reason: 'bad_format',
    });
    expect(suite.mailbox.messagesTo(email, 'email_verification')).toEqual([]);
  });

  it('refuses a password that is too short, common or contains the email', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const localPart = ada.email.slice(0, ada.email.indexOf('@'));
    const weak = async (password: string) =>
      failureOf(
        await suite.identity.register({
          tenantId,
          email: ada.email,
          password,
          clientAddress: SUITE_CLIENT_ADDRESS,
        }),
      );
    expect(await weak('k7#q')).toEqual({ type: 'identity.weak_password', reason: 'too_short' });
    expect(await weak('password123')).toEqual({ type: 'identity.weak_password', reason: 'common' });
    expect(await weak(`my ${localPart} secret`)).toEqual({
      type: 'identity.weak_password',
      reason: 'contains_email',
    });
    // Nothing was claimed: the email registers afterwards with a sound password.
    await registerVerified(suite, tenantId, ada);
  });

  it('refuses sign-in before the email is verified, and signs in with both tokens after', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    const { userId } = (
      await suite.identity.register({
        tenantId,
        email: ada.email,
        password: ada.password,
        clientAddress: SUITE_CLIENT_ADDRESS,
      })
    )._unsafeUnwrap();
    const early = await suite.identity.login({
      tenantId,
      email: ada.email,
      password: ada.password,
      device: {},
      clientAddress: SUITE_CLIENT_ADDRESS,
    });
    expect(failureOf(early)).toEqual({ type: 'identity.email_not_verified' });
    const token = suite.mailbox.secretFor(ada.email, 'email_verification');
    expect((await suite.identity.verifyEmail({ tenantId, token }))._unsafeUnwrap()).toEqual({
      userId,
    });
    expect((await storedUser(context.storage(), tenantId, userId))['status']).toBe('active');
    const signedIn = await signIn(suite, tenantId, ada);
    expect(signedIn.userId).toBe(userId);
    expect(signedIn.refreshToken).toMatch(SECRET_TOKEN);
    expect(signedIn.accessToken.split('.')).toHaveLength(3);
  });

  it('refuses a spent, an unknown and an expired verification token', async () => {
    const suite = await context.identity();
    const tenantId = context.tenant();
    const ada = newPerson('ada');
    await registerVerified(suite, tenantId, ada);
    const spent = suite.mailbox.secretFor(ada.email, 'email_verification');
    const invalid = (reason: string) => ({ type: 'identity.invalid_verification_token', reason });
    expect(failureOf(await suite.identity.verifyEmail({ tenantId, token: spent }))).toEqual(
      invalid('used'),
    );
    const unknown = 'a'.repeat(64);
    expect(failureOf(await suite.identity.verifyEmail({ tenantId, token: unknown }))).toEqual(
      invalid('not_found'),
    );
    expect(failureOf(await suite.identity.verifyEmail({ tenantId, token: 'nope' }))).toEqual(
      invalid('not_found'),
    );

    const bob = newPerson('bob');
    (
      await suite.identity.register({
        tenantId,
        email: bob.email,
        password: bob.password,
        clientAddress: SUITE_CLIENT_ADDRESS,
      })
    )._unsafeUnwrap();
    suite.clock.advance(DAY_MS + 60 * 60_000);
    const late = suite.mailbox.secretFor(bob.email, 'email_verification');
    expect(failureOf(await suite.identity.verifyEmail({ tenantId, token: late }))).toEqual(
      invalid('expired'),
    );
  });
}
