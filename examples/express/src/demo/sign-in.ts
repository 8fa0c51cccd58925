import { TOTP, URI } from 'otpauth';
import { check, DemoStepError } from './demo-client.js';
import type { DemoContext } from './demo-context.js';

/** What the sign-in chapter ends with. */
export interface SignInOutcome {
  readonly registered: number;
  readonly verified: number;
  /** Before a second factor: signed in with the password alone. */
  readonly passwordSignIn: string;
  readonly totpConfirmed: number;
  readonly recoveryCodes: number;
  readonly signedOut: number;
  /** After TOTP enrolment the password alone is not enough. */
  readonly secondSignIn: string;
  readonly mfaMethods: readonly string[];
  readonly totpSignIn: string;
  readonly roles: readonly string[];
  readonly authenticationMethods: readonly string[];
}

interface SignedIn {
  readonly status: 'signed_in';
  readonly userId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
}

interface MfaRequired {
  readonly status: 'mfa_required';
  readonly mfaToken: string;
  readonly methods: readonly string[];
}

const EMAIL = 'ann@example.com';
const PASSWORD = 'correct horse battery staple';
const DEVICE = { label: 'Ann’s laptop' };
/** One TOTP period: a code is accepted once, so the next sign-in waits for the next one. */
const TOTP_PERIOD_MS = 30_000;

// What Ann's authenticator app does with the QR code: read the otpauth:// URI (with the same
// library identity verifies codes with) and compute the code of the current period.
function totpCodeOf(uri: string, nowMs: number): string {
  const otp = URI.parse(uri);
  if (!(otp instanceof TOTP)) throw new DemoStepError('TOTP enrolment: the URI is not a TOTP URI');
  return otp.generate({ timestamp: nowMs });
}

/**
 * Ann registers, verifies her email with the token from the development mailbox (never printed),
 * signs in with her password, enrols TOTP, signs out, and signs in again with password and code.
 * Returns her user id and refresh token; the client keeps the access token.
 */
export async function runSignIn(
  context: DemoContext,
): Promise<{ outcome: SignInOutcome; userId: string; refreshToken: string }> {
  const { client, print, service, clock } = context;
  print('— Ann signs up, enrols TOTP and signs in');
  const registered = await client.expect<{ userId: string }>(
    'register',
    201,
    'POST',
    '/v1/identity/register',
    { body: { email: EMAIL, password: PASSWORD } },
  );
  print(
    `  POST /v1/identity/register → 201: ${registered.body.userId}; the verification email went to the development mailbox`,
  );
  const token = service.mailbox.latestSecret('email_verification', EMAIL);
  if (token === undefined) throw new DemoStepError('register: no verification email was sent');
  const verified = await client.expect(
    'verify the email',
    200,
    'POST',
    '/v1/identity/email-verification',
    {
      body: { token },
    },
  );
  print('  POST /v1/identity/email-verification → 200 with the emailed token (not printed)');

  const login = { email: EMAIL, password: PASSWORD, device: DEVICE };
  const first = await client.expect<SignedIn | MfaRequired>(
    'sign in with the password',
    200,
    'POST',
    '/v1/identity/login',
    { body: login },
  );
  check('sign in with the password', first.body.status, 'signed_in');
  client.signIn((first.body as SignedIn).accessToken);
  print('  POST /v1/identity/login → 200 signed_in (password only; no second factor yet)');

  const enrolment = await client.expect<{ uri: string }>(
    'begin TOTP enrolment',
    200,
    'POST',
    '/v1/identity/mfa/totp/enrollment',
  );
  const code = totpCodeOf(enrolment.body.uri, clock.now().getTime());
  const confirmed = await client.expect<{ recoveryCodes: string[] }>(
    'confirm TOTP enrolment',
    200,
    'POST',
    '/v1/identity/mfa/totp/enrollment/confirm',
    { body: { code } },
  );
  print(
    `  POST /v1/identity/mfa/totp/enrollment → 200 otpauth:// URI; …/confirm with its current code → 200, ${confirmed.body.recoveryCodes.length} recovery codes (secret, codes not printed)`,
  );
  const signedOut = await client.expect('sign out', 204, 'POST', '/v1/identity/logout');
  print('  POST /v1/identity/logout → 204');

  clock.advance(TOTP_PERIOD_MS);
  const second = await client.expect<SignedIn | MfaRequired>(
    'sign in after TOTP enrolment',
    200,
    'POST',
    '/v1/identity/login',
    { body: login },
  );
  check('sign in after TOTP enrolment', second.body.status, 'mfa_required');
  const pending = second.body as MfaRequired;
  const withCode = await client.expect<SignedIn>(
    'finish sign-in with TOTP',
    200,
    'POST',
    '/v1/identity/login/mfa',
    {
      body: {
        mfaToken: pending.mfaToken,
        method: 'totp',
        code: totpCodeOf(enrolment.body.uri, clock.now().getTime()),
      },
    },
  );
  client.signIn(withCode.body.accessToken);
  const me = await client.expect<{ roles: string[]; authenticationMethods: string[] }>(
    'read the signed-in caller',
    200,
    'GET',
    '/v1/identity/me',
  );
  print(
    `  30 s later: POST /v1/identity/login → 200 mfa_required (${pending.methods.join(', ')}); POST /v1/identity/login/mfa with a TOTP code → 200 ${withCode.body.status}`,
  );
  print(
    `  GET /v1/identity/me → roles ${me.body.roles.join(', ')}; signed in with ${me.body.authenticationMethods.join(' + ')}`,
  );
  return {
    outcome: {
      registered: registered.status,
      verified: verified.status,
      passwordSignIn: first.body.status,
      totpConfirmed: confirmed.status,
      recoveryCodes: confirmed.body.recoveryCodes.length,
      signedOut: signedOut.status,
      secondSignIn: second.body.status,
      mfaMethods: pending.methods,
      totpSignIn: withCode.body.status,
      roles: me.body.roles,
      authenticationMethods: me.body.authenticationMethods,
    },
    userId: withCode.body.userId,
    refreshToken: withCode.body.refreshToken,
  };
}

/**
 * Rotates the refresh token into a new token pair, as a client does when its access token has
 * expired; the client uses the new access token from then on. Returns the new refresh token.
 */
export async function refreshAccess(context: DemoContext, refreshToken: string): Promise<string> {
  const refreshed = await context.client.expect<SignedIn>(
    'refresh the access token',
    200,
    'POST',
    '/v1/identity/refresh',
    { body: { refreshToken } },
  );
  context.client.signIn(refreshed.body.accessToken);
  return refreshed.body.refreshToken;
}
