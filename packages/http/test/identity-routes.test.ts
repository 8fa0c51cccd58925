import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, problemTextWithoutInstance } from './support/expect-problem.js';
import { selectedBackends } from './support/http-backends.js';
import {
  type HarnessRequest,
  type HarnessUser,
  type HttpHarness,
  startHttpHarness,
} from './support/http-harness.js';

/**
 * The client address a request claims, as a host's trusted proxy would pass it on: identity limits
 * registrations and sign-ins per address, so each scenario uses addresses of its own.
 */
const ADDRESS_HEADER = 'x-test-client-address';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const USER_ID = /^usr_[0-9a-z]{26}$/;
const DEVICE_ID = /^dev_[0-9a-z]{26}$/;
const SECRET_TOKEN = /^[0-9a-f]{64}$/;
const TOTP_PERIOD_MS = 30_000;
const PASSWORD = 'a long and unguessable passphrase 7';

// RFC 4648 §6, the alphabet of `otpauth://` secrets.
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The code an authenticator app shows for an enrolment URI at `atMs` (RFC 6238, SHA-1, 6 digits). */
function totpCode(uri: string, atMs: number): string {
  const parameters = new URL(uri).searchParams;
  expect(parameters.get('algorithm') ?? 'SHA1').toBe('SHA1');
  const digits = Number(parameters.get('digits') ?? '6');
  const periodMs = Number(parameters.get('period') ?? '30') * 1000;
  let bits = '';
  for (const character of parameters.get('secret') ?? '') {
    bits += BASE32_ALPHABET.indexOf(character).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / periodMs)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** Six digits that match no code of the accepted window (the current step and one either side). */
function wrongTotpCode(uri: string, atMs: number): string {
  const window = new Set([-1, 0, 1].map((step) => totpCode(uri, atMs + step * TOTP_PERIOD_MS)));
  const free = ['000000', '111111', '222222', '333333'].find((candidate) => !window.has(candidate));
  if (free === undefined) throw new Error('unreachable: the window holds at most three codes');
  return free;
}

for (const backend of selectedBackends()) {
  describe(backend.name, () => {
    let harness: HttpHarness;
    let admin: HarnessUser;
    let operator: HarnessUser;
    let elsewhere: HarnessUser;
    let addresses = 0;
    let emails = 0;

    beforeAll(async () => {
      harness = await startHttpHarness(backend, {
        clientAddress: (request) => request.headers.get(ADDRESS_HEADER) ?? '198.51.100.1',
      });
      admin = await harness.signUp(['admin'], 'admin');
      operator = await harness.signUp(['operator'], 'operator');
      elsewhere = await harness.signUpElsewhere('globex', []);
      harness.secrets.add(PASSWORD);
    });
    afterAll(() => harness.close());

    const nextEmail = (label: string) => {
      emails += 1;
      return `${label}-${emails}@example.test`;
    };

    /** A public request from an address no other request used. */
    const post = (path: string, body: unknown, request: HarnessRequest = {}) => {
      addresses += 1;
      return harness.request('POST', path, {
        body,
        ...request,
        headers: { [ADDRESS_HEADER]: `2001:db8::${addresses.toString(16)}`, ...request.headers },
      });
    };

    const authorized = (method: string, path: string, token: string, body?: unknown) =>
      harness.request(method, path, {
        token,
        ...(body === undefined && method !== 'POST' ? {} : { body: body ?? {} }),
      });

    const register = async (email: string, phone?: string) => {
      const registered = await post('/v1/identity/register', {
        email,
        password: PASSWORD,
        ...(phone === undefined ? {} : { phone }),
      });
      expect(registered.status).toBe(201);
      return registered.body.userId as string;
    };

    const verify = async () => {
      const token = harness.mailbox.latestSecret('email_verification');
      const verified = await post('/v1/identity/email-verification', { token });
      expect(verified.status).toBe(200);
      return verified.body.userId as string;
    };

    const login = async (email: string, label = 'laptop', password = PASSWORD) => {
      const response = await post('/v1/identity/login', { email, password, device: { label } });
      if (response.body?.accessToken !== undefined) {
        harness.secrets.add(response.body.accessToken);
        harness.secrets.add(response.body.refreshToken);
      }
      return response;
    };

    /** Registers, verifies and signs in a new user through the API. */
    const newUser = async (label: string, phone?: string) => {
      const email = nextEmail(label);
      const userId = await register(email, phone);
      await verify();
      const signedIn = await login(email);
      expect(signedIn.status).toBe(200);
      return { email, userId, session: signedIn.body };
    };

    describe('registration, sign-in and sessions', () => {
      it('registers, verifies, signs in, reads me, rotates refresh tokens, ends a reused family, and signs out', async () => {
        const email = nextEmail('ann');
        const registered = await post('/v1/identity/register', {
          email,
          password: PASSWORD,
          phone: '+44 7700 900123',
        });
        expect(registered.status).toBe(201);
        expect(registered.body).toEqual({
          userId: expect.stringMatching(USER_ID),
          verificationDelivered: true,
        });
        const { userId } = registered.body;

        expectProblem(await login(email), 403, 'identity.email_not_verified');
        const token = harness.mailbox.latestSecret('email_verification');
        const verified = await post('/v1/identity/email-verification', { token });
        expect(verified.status).toBe(200);
        expect(verified.body).toEqual({ userId });
        expectProblem(
          await post('/v1/identity/email-verification', { token }),
          422,
          'identity.invalid_verification_token',
        );

        const signedIn = await post(
          '/v1/identity/login',
          { email, password: PASSWORD, device: { label: 'Ann’s laptop' } },
          {
            headers: {
              'idempotency-key': `login-${backend.name}`,
              'user-agent': 'TestBrowser/1.0',
            },
          },
        );
        expect(signedIn.status).toBe(200);
        expect(signedIn.headers.get('cache-control')).toBe('no-store');
        expect(signedIn.body).toEqual({
          status: 'signed_in',
          tokenType: 'Bearer',
          userId,
          deviceId: expect.stringMatching(DEVICE_ID),
          sessionId: expect.any(String),
          accessToken: expect.any(String),
          accessTokenExpiresAt: expect.stringMatching(ISO_INSTANT),
          refreshToken: expect.stringMatching(SECRET_TOKEN),
          refreshTokenExpiresAt: expect.stringMatching(ISO_INSTANT),
        });
        const first = signedIn.body;
        harness.secrets.add(first.accessToken);
        harness.secrets.add(first.refreshToken);

        // A replay of the sign-in (same Idempotency-Key and body) carries no-store as well.
        const replayed = await post(
          '/v1/identity/login',
          { email, password: PASSWORD, device: { label: 'Ann’s laptop' } },
          {
            headers: {
              'idempotency-key': `login-${backend.name}`,
              'user-agent': 'TestBrowser/1.0',
            },
          },
        );
        expect(replayed.headers.get('idempotency-replayed')).toBe('true');
        expect(replayed.headers.get('cache-control')).toBe('no-store');
        expect(replayed.body).toEqual(first);

        const me = await authorized('GET', '/v1/identity/me', first.accessToken);
        expect(me.status).toBe(200);
        expect(me.body).toEqual({
          userId,
          tenantId: 'acme',
          deviceId: first.deviceId,
          sessionId: first.sessionId,
          roles: [],
          permissions: [],
          authenticationMethods: ['pwd'],
          accessTokenExpiresAt: first.accessTokenExpiresAt,
        });
        const devices = await authorized(
          'GET',
          `/v1/identity/users/${userId}/devices`,
          first.accessToken,
        );
        expect(devices.body.devices[0]).toMatchObject({
          label: 'Ann’s laptop',
          userAgent: 'TestBrowser/1.0',
        });

        const refreshed = await post('/v1/identity/refresh', { refreshToken: first.refreshToken });
        expect(refreshed.status).toBe(200);
        expect(refreshed.headers.get('cache-control')).toBe('no-store');
        expect(refreshed.body).toEqual({
          ...first,
          accessToken: expect.any(String),
          accessTokenExpiresAt: expect.stringMatching(ISO_INSTANT),
          refreshToken: expect.stringMatching(SECRET_TOKEN),
          refreshTokenExpiresAt: expect.stringMatching(ISO_INSTANT),
        });
        const second = refreshed.body;
        harness.secrets.add(second.accessToken);
        harness.secrets.add(second.refreshToken);
        expect(second.refreshToken).not.toBe(first.refreshToken);
        expect((await authorized('GET', '/v1/identity/me', second.accessToken)).status).toBe(200);

        // The first refresh token comes back: someone holds a copy, so the whole session ends.
        const reused = await post('/v1/identity/refresh', { refreshToken: first.refreshToken });
        expectProblem(reused, 401, 'identity.refresh_token_reused');
        expect(reused.headers.get('cache-control')).toBe('no-store');
        for (const accessToken of [first.accessToken, second.accessToken]) {
          expectProblem(
            await authorized('GET', '/v1/identity/me', accessToken),
            401,
            'identity.token_revoked',
          );
        }
        expectProblem(
          await post('/v1/identity/refresh', { refreshToken: second.refreshToken }),
          401,
          'identity.invalid_refresh_token',
        );

        const again = (await login(email)).body;
        const loggedOut = await authorized('POST', '/v1/identity/logout', again.accessToken);
        expect(loggedOut.status).toBe(204);
        expect(loggedOut.text).toBe('');
        expectProblem(
          await authorized('GET', '/v1/identity/me', again.accessToken),
          401,
          'identity.token_revoked',
        );
        expectProblem(
          await post('/v1/identity/refresh', { refreshToken: again.refreshToken }),
          401,
          'identity.invalid_refresh_token',
        );
      });

      it('answers an unknown email exactly as a wrong password', async () => {
        const wrongPassword = await login(operator.email, 'laptop', 'not the password at all');
        const unknownEmail = await login(nextEmail('nobody'), 'laptop', 'not the password at all');
        expectProblem(wrongPassword, 401, 'identity.invalid_credentials');
        expectProblem(unknownEmail, 401, 'identity.invalid_credentials');
        expect(problemTextWithoutInstance(unknownEmail)).toBe(
          problemTextWithoutInstance(wrongPassword),
        );
        expect(wrongPassword.text).not.toContain('not the password at all');
      });

      it('answers a taken email like a new one', async () => {
        const mailed = harness.mailbox.messages.length;
        const registered = await post('/v1/identity/register', {
          email: operator.email,
          password: PASSWORD,
        });
        expect(registered.status).toBe(201);
        expect(registered.body).toEqual({
          userId: expect.stringMatching(USER_ID),
          verificationDelivered: true,
        });
        expect(registered.body.userId).not.toBe(operator.userId);
        expect(harness.mailbox.messages.length).toBe(mailed);
      });

      it('refuses a weak password without echoing it', async () => {
        const weak = 'password';
        const refused = await post('/v1/identity/register', {
          email: nextEmail('weak'),
          password: weak,
        });
        expect(expectProblem(refused, 422, 'identity.weak_password')).toMatchObject({
          reason: expect.any(String),
        });
        expect(refused.text).not.toContain(`"${weak}"`);
      });

      it('resends verification and resets passwords, answering alike for unknown emails', async () => {
        const email = nextEmail('bea');
        const userId = await register(email);
        const resent = await post('/v1/identity/email-verification/resend', { email });
        expect({ status: resent.status, text: resent.text }).toEqual({ status: 202, text: '' });
        expect(harness.mailbox.messages.at(-1)).toMatchObject({
          kind: 'email_verification',
          userId,
        });
        await verify();
        const session = (await login(email)).body;

        const mailed = harness.mailbox.messages.length;
        for (const unknown of [
          '/v1/identity/email-verification/resend',
          '/v1/identity/password-reset',
        ]) {
          const answered = await post(unknown, { email: nextEmail('nobody') });
          expect({ status: answered.status, text: answered.text }).toEqual({
            status: 202,
            text: '',
          });
        }
        expect(harness.mailbox.messages.length).toBe(mailed);

        const requested = await post('/v1/identity/password-reset', { email });
        expect({ status: requested.status, text: requested.text }).toEqual({
          status: 202,
          text: '',
        });
        const token = harness.mailbox.latestSecret('password_reset');
        const newPassword = 'another long and unguessable passphrase';
        harness.secrets.add(newPassword);
        const reset = await post('/v1/identity/password-reset/confirm', { token, newPassword });
        expect(reset.status).toBe(200);
        expect(reset.body).toEqual({ userId });
        expect(reset.text).not.toContain(newPassword);
        expectProblem(
          await authorized('GET', '/v1/identity/me', session.accessToken),
          401,
          'identity.token_revoked',
        );
        expectProblem(
          await post('/v1/identity/password-reset/confirm', { token, newPassword }),
          422,
          'identity.invalid_verification_token',
        );
        expectProblem(await login(email), 401, 'identity.invalid_credentials');
        expect((await login(email, 'laptop', newPassword)).status).toBe(200);
      });

      it('refuses a request without a valid access token', async () => {
        expectProblem(await harness.request('GET', '/v1/identity/me'), 401, 'auth.token_missing');
        expectProblem(
          await authorized('GET', '/v1/identity/me', 'not.a.token'),
          401,
          'identity.invalid_token',
        );
        expectProblem(
          await harness.request('POST', '/v1/identity/logout', { body: {} }),
          401,
          'auth.token_missing',
        );
      });

      it('answers 400 to a schema violation on every public route, echoing no password', async () => {
        const password = 'a password that must never come back';
        const token = 'a'.repeat(64);
        const violations: readonly (readonly [string, unknown])[] = [
          ['/v1/identity/register', { email: 'x@example.test', password, admin: true }],
          ['/v1/identity/register', { email: 'x@example.test', password: 'p'.repeat(1025) }],
          ['/v1/identity/email-verification', { token: 42 }],
          ['/v1/identity/email-verification/resend', { email: '', password }],
          ['/v1/identity/password-reset', { email: ['x@example.test'] }],
          [
            '/v1/identity/password-reset/confirm',
            { token, newPassword: password, confirm: password },
          ],
          [
            '/v1/identity/login',
            { email: 'x@example.test', password, device: { label: 'x', admin: true } },
          ],
          ['/v1/identity/login', { email: 'x@example.test' }],
          ['/v1/identity/login/mfa', { mfaToken: token, method: 'password', code: password }],
          ['/v1/identity/login/mfa', { mfaToken: token, method: 'totp', code: password.repeat(3) }],
          ['/v1/identity/login/mfa/sms-code', { mfaToken: token, password }],
          ['/v1/identity/login/mfa/passkey-options', {}],
          ['/v1/identity/refresh', { refreshToken: token.repeat(2), password }],
        ];
        for (const [path, body] of violations) {
          const refused = await post(path, body);
          const problem = expectProblem(refused, 400, 'request.invalid');
          expect(problem.errors.length).toBeGreaterThan(0);
          expect(refused.text).not.toContain('a password that must never come back');
        }
        expectProblem(
          await post('/v1/identity/login', undefined, {
            rawBody: `{"password":"${password}"`,
            headers: { 'content-type': 'application/json' },
          }),
          400,
          'request.malformed',
        );
      });
    });

    describe('second factors', () => {
      it('enrols TOTP, then signs in with a code and with a recovery code', async () => {
        const { email, session } = await newUser('totp');
        expectProblem(
          await authorized(
            'POST',
            '/v1/identity/mfa/totp/enrollment/confirm',
            session.accessToken,
            { code: '000000' },
          ),
          422,
          'identity.mfa_not_enrolled',
        );
        const started = await authorized(
          'POST',
          '/v1/identity/mfa/totp/enrollment',
          session.accessToken,
        );
        expect(started.status).toBe(200);
        expect(started.headers.get('cache-control')).toBe('no-store');
        expect(started.body).toEqual({
          uri: expect.stringMatching(/^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/),
        });
        const { uri } = started.body;
        harness.secrets.add(new URL(uri).searchParams.get('secret') ?? uri);

        const code = totpCode(uri, harness.clock.now().getTime());
        const wrong = wrongTotpCode(uri, harness.clock.now().getTime());
        expectProblem(
          await authorized(
            'POST',
            '/v1/identity/mfa/totp/enrollment/confirm',
            session.accessToken,
            { code: wrong },
          ),
          422,
          'identity.invalid_mfa_code',
        );
        const confirmed = await authorized(
          'POST',
          '/v1/identity/mfa/totp/enrollment/confirm',
          session.accessToken,
          {
            code,
          },
        );
        expect(confirmed.status).toBe(200);
        expect(confirmed.headers.get('cache-control')).toBe('no-store');
        expect(confirmed.body).toEqual({ recoveryCodes: expect.any(Array) });
        const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
        expect(recoveryCodes).toHaveLength(10);
        for (const recoveryCode of recoveryCodes) harness.secrets.add(recoveryCode);
        expectProblem(
          await authorized('POST', '/v1/identity/mfa/totp/enrollment', session.accessToken),
          409,
          'identity.mfa_already_enrolled',
        );

        harness.clock.advance(TOTP_PERIOD_MS);
        const challenged = await login(email);
        expect(challenged.status).toBe(200);
        expect(challenged.headers.get('cache-control')).toBe('no-store');
        expect(challenged.body).toEqual({
          status: 'mfa_required',
          mfaToken: expect.stringMatching(SECRET_TOKEN),
          methods: ['totp', 'recovery_code'],
          expiresAt: expect.stringMatching(ISO_INSTANT),
        });
        const { mfaToken } = challenged.body;
        harness.secrets.add(mfaToken);
        const now = harness.clock.now().getTime();
        expectProblem(
          await post('/v1/identity/login/mfa', {
            mfaToken,
            method: 'totp',
            code: wrongTotpCode(uri, now),
          }),
          401,
          'identity.invalid_mfa_code',
        );
        const completed = await post('/v1/identity/login/mfa', {
          mfaToken,
          method: 'totp',
          code: totpCode(uri, now),
        });
        expect(completed.status).toBe(200);
        expect(completed.headers.get('cache-control')).toBe('no-store');
        expect(completed.body).toMatchObject({ status: 'signed_in', tokenType: 'Bearer' });
        harness.secrets.add(completed.body.accessToken);
        harness.secrets.add(completed.body.refreshToken);
        const me = await authorized('GET', '/v1/identity/me', completed.body.accessToken);
        expect(me.body.authenticationMethods).toEqual(['pwd', 'otp']);

        const recovering = (await login(email)).body.mfaToken;
        const recovered = await post('/v1/identity/login/mfa', {
          mfaToken: recovering,
          method: 'recovery_code',
          code: recoveryCodes[0],
        });
        expect(recovered.status).toBe(200);
        harness.secrets.add(recovered.body.accessToken);
        harness.secrets.add(recovered.body.refreshToken);
        const reusing = (await login(email)).body.mfaToken;
        expectProblem(
          await post('/v1/identity/login/mfa', {
            mfaToken: reusing,
            method: 'recovery_code',
            code: recoveryCodes[0],
          }),
          401,
          'identity.invalid_mfa_code',
        );

        const regenerated = await authorized(
          'POST',
          '/v1/identity/mfa/recovery-codes',
          recovered.body.accessToken,
        );
        expect(regenerated.status).toBe(200);
        expect(regenerated.headers.get('cache-control')).toBe('no-store');
        expect(regenerated.body.recoveryCodes).toHaveLength(10);
        for (const recoveryCode of regenerated.body.recoveryCodes)
          harness.secrets.add(recoveryCode);
        expectProblem(
          await authorized('POST', '/v1/identity/mfa/sms', recovered.body.accessToken),
          422,
          'identity.mfa_not_enrolled',
        );
      });

      it('turns SMS codes on and signs in with a texted code', async () => {
        const { email, session } = await newUser('sms', '+14155550123');
        const enabled = await authorized('POST', '/v1/identity/mfa/sms', session.accessToken);
        expect({ status: enabled.status, text: enabled.text }).toEqual({ status: 204, text: '' });
        expectProblem(
          await authorized('POST', '/v1/identity/mfa/sms', session.accessToken),
          409,
          'identity.mfa_already_enrolled',
        );
        const challenged = await login(email);
        expect(challenged.body).toMatchObject({ status: 'mfa_required', methods: ['sms'] });
        const { mfaToken } = challenged.body;
        const sent = await post('/v1/identity/login/mfa/sms-code', { mfaToken });
        expect(sent.status).toBe(200);
        expect(sent.body).toEqual({ delivered: true });
        expect(harness.mailbox.messages.at(-1)).toMatchObject({
          kind: 'sms_code',
          to: '+14155550123',
        });
        const code = harness.mailbox.latestSecret('sms_code');
        const completed = await post('/v1/identity/login/mfa', { mfaToken, method: 'sms', code });
        expect(completed.status).toBe(200);
        harness.secrets.add(completed.body.accessToken);
        harness.secrets.add(completed.body.refreshToken);
        expect(completed.body.userId).toBe(session.userId);
        expectProblem(
          await post('/v1/identity/login/mfa/sms-code', { mfaToken: 'f'.repeat(64) }),
          401,
          'identity.invalid_mfa_code',
        );
      });

      it('refuses passkeys while the host configures no relying party', async () => {
        const credential = {
          id: 'Y3JlZGVudGlhbA',
          rawId: 'Y3JlZGVudGlhbA',
          type: 'public-key',
          response: {
            clientDataJSON: 'e30',
            attestationObject: 'o2NmbXQ',
            transports: ['internal'],
          },
          clientExtensionResults: {},
        };
        const options = await authorized(
          'POST',
          '/v1/identity/mfa/passkeys/registration-options',
          admin.accessToken,
        );
        expect(expectProblem(options, 422, 'identity.passkey_failed')).toMatchObject({
          reason: 'not_allowed',
        });
        expectProblem(
          await authorized('POST', '/v1/identity/mfa/passkeys', admin.accessToken, { credential }),
          422,
          'identity.passkey_failed',
        );
        expectProblem(
          await authorized('POST', '/v1/identity/mfa/passkeys', admin.accessToken, {
            credential: { id: 'x' },
          }),
          400,
          'request.invalid',
        );
        const mfaToken = 'e'.repeat(64);
        expectProblem(
          await post('/v1/identity/login/mfa/passkey-options', { mfaToken }),
          401,
          'identity.passkey_failed',
        );
        const assertion = {
          ...credential,
          response: {
            clientDataJSON: 'e30',
            authenticatorData: 'AAAA',
            signature: 'AAAA',
            userHandle: null,
          },
        };
        expectProblem(
          await post('/v1/identity/login/mfa', {
            mfaToken,
            method: 'passkey',
            credential: assertion,
          }),
          401,
          'identity.passkey_failed',
        );
      });
    });

    describe('devices', () => {
      it('lists a user’s devices and revokes one, whose access token then stops working', async () => {
        const { email, userId, session: laptop } = await newUser('devices');
        const phone = (await login(email, 'phone')).body;

        const listed = await authorized(
          'GET',
          `/v1/identity/users/${userId}/devices`,
          laptop.accessToken,
        );
        expect(listed.status).toBe(200);
        const device = (deviceId: string, label: string) => ({
          deviceId,
          label,
          userAgent: expect.any(String),
          firstSeenAt: expect.stringMatching(ISO_INSTANT),
          lastSeenAt: expect.stringMatching(ISO_INSTANT),
          revokedAt: null,
          signedIn: true,
        });
        expect(listed.body).toEqual({
          devices: [device(laptop.deviceId, 'laptop'), device(phone.deviceId, 'phone')],
        });

        const revoked = await authorized(
          'DELETE',
          `/v1/identity/users/${userId}/devices/${phone.deviceId}`,
          laptop.accessToken,
        );
        expect(revoked.status).toBe(200);
        expect(revoked.body).toEqual({ revoked: 1 });
        expectProblem(
          await authorized('GET', '/v1/identity/me', phone.accessToken),
          401,
          'identity.token_revoked',
        );
        expect((await authorized('GET', '/v1/identity/me', laptop.accessToken)).status).toBe(200);
        const after = await authorized(
          'GET',
          `/v1/identity/users/${userId}/devices`,
          laptop.accessToken,
        );
        expect(after.body.devices[1]).toEqual({
          ...device(phone.deviceId, 'phone'),
          revokedAt: expect.stringMatching(ISO_INSTANT),
          signedIn: false,
        });

        // The operator may read and revoke anyone's devices; a user without roles only their own.
        const byOperator = await authorized(
          'GET',
          `/v1/identity/users/${userId}/devices`,
          operator.accessToken,
        );
        expect(byOperator.body.devices).toHaveLength(2);
        expectProblem(
          await authorized(
            'GET',
            `/v1/identity/users/${operator.userId}/devices`,
            laptop.accessToken,
          ),
          403,
          'identity.permission_denied',
        );
        expectProblem(
          await authorized(
            'DELETE',
            `/v1/identity/users/${operator.userId}/devices/all`,
            laptop.accessToken,
          ),
          403,
          'identity.permission_denied',
        );
        expectProblem(
          await authorized(
            'DELETE',
            `/v1/identity/users/${userId}/devices/${operator.deviceId}`,
            operator.accessToken,
          ),
          404,
          'identity.device_not_found',
        );
        expectProblem(
          await authorized('GET', '/v1/identity/users/not-a-user/devices', laptop.accessToken),
          400,
          'request.invalid',
        );
        expectProblem(
          await authorized(
            'DELETE',
            `/v1/identity/users/${userId}/devices/some`,
            laptop.accessToken,
          ),
          400,
          'request.invalid',
        );
        expectProblem(
          await harness.request('GET', `/v1/identity/users/${userId}/devices`),
          401,
          'auth.token_missing',
        );
        // Another tenant's user is not in the caller's tenant: not found, as an unknown user is.
        const foreign = await authorized(
          'GET',
          `/v1/identity/users/${elsewhere.userId}/devices`,
          admin.accessToken,
        );
        expectProblem(foreign, 404, 'identity.user_not_found');

        const all = await authorized(
          'DELETE',
          `/v1/identity/users/${userId}/devices/all`,
          operator.accessToken,
        );
        expect(all.body).toEqual({ revoked: 1 });
        expectProblem(
          await authorized('GET', '/v1/identity/me', laptop.accessToken),
          401,
          'identity.token_revoked',
        );
      });
    });

    describe('export and erasure', () => {
      it('exports and erases oneself', async () => {
        const { email, userId, session } = await newUser('gdpr', '+14155550199');
        const exported = await authorized(
          'GET',
          `/v1/identity/users/${userId}/export`,
          session.accessToken,
        );
        expect(exported.status).toBe(200);
        expect(exported.headers.get('cache-control')).toBe('no-store');
        expect(exported.body).toEqual({
          formatVersion: 1,
          userId,
          email,
          phone: '+14155550199',
          status: 'active',
          roles: [],
          emailVerifiedAt: expect.stringMatching(ISO_INSTANT),
          createdAt: expect.stringMatching(ISO_INSTANT),
          secondFactors: [],
          devices: [
            {
              deviceId: session.deviceId,
              label: 'laptop',
              userAgent: expect.any(String),
              firstSeenAt: expect.stringMatching(ISO_INSTANT),
              lastSeenAt: expect.stringMatching(ISO_INSTANT),
              revokedAt: null,
              signedIn: true,
            },
          ],
        });
        expectProblem(
          await authorized('GET', `/v1/identity/users/${userId}/export`, operator.accessToken),
          403,
          'identity.permission_denied',
        );
        expect(
          (await authorized('GET', `/v1/identity/users/${userId}/export`, admin.accessToken)).body
            .userId,
        ).toBe(userId);
        expectProblem(
          await authorized(
            'GET',
            `/v1/identity/users/${elsewhere.userId}/export`,
            admin.accessToken,
          ),
          404,
          'identity.user_not_found',
        );
        expectProblem(
          await authorized('DELETE', `/v1/identity/users/${userId}`, operator.accessToken),
          403,
          'identity.permission_denied',
        );

        const erased = await authorized(
          'DELETE',
          `/v1/identity/users/${userId}`,
          session.accessToken,
        );
        expect(erased.status).toBe(200);
        expect(erased.body).toEqual({ userId, erased: true });
        expectProblem(
          await authorized('GET', '/v1/identity/me', session.accessToken),
          401,
          'identity.token_revoked',
        );
        expectProblem(await login(email), 401, 'identity.invalid_credentials');
        expectProblem(
          await authorized('GET', `/v1/identity/users/${userId}/export`, admin.accessToken),
          404,
          'identity.user_erased',
        );
        const again = await authorized('DELETE', `/v1/identity/users/${userId}`, admin.accessToken);
        expect(again.body).toEqual({ userId, erased: false });
        expectProblem(
          await authorized('DELETE', `/v1/identity/users/${elsewhere.userId}`, admin.accessToken),
          404,
          'identity.user_not_found',
        );
      });
    });

    describe('administration', () => {
      it('assigns roles as an admin and refuses an operator', async () => {
        const { email, userId, session } = await newUser('roles');
        const path = `/v1/identity/users/${userId}/roles`;
        const assigned = await authorized('PUT', path, admin.accessToken, {
          roles: ['viewer', 'auditor'],
        });
        expect({ status: assigned.status, text: assigned.text }).toEqual({ status: 204, text: '' });
        const me = await authorized(
          'GET',
          '/v1/identity/me',
          (await login(email)).body.accessToken,
        );
        expect(me.body).toMatchObject({
          roles: ['viewer', 'auditor'],
          permissions: [
            'audit.*',
            'disputes.read',
            'identity.user.read',
            'ledger.read',
            'vault.card.reveal_masked',
          ],
        });

        expectProblem(
          await authorized('PUT', path, operator.accessToken, { roles: ['admin'] }),
          403,
          'identity.permission_denied',
        );
        expectProblem(
          await authorized('PUT', `/v1/identity/users/${userId}/roles`, session.accessToken, {
            roles: ['admin'],
          }),
          403,
          'identity.permission_denied',
        );
        expect(
          expectProblem(
            await authorized('PUT', path, admin.accessToken, { roles: ['wizard'] }),
            422,
            'identity.unknown_role',
          ),
        ).toMatchObject({
          role: 'wizard',
        });
        expectProblem(
          await authorized('PUT', path, admin.accessToken, { roles: ['Not A Role'] }),
          400,
          'request.invalid',
        );
        expectProblem(
          await authorized('PUT', path, admin.accessToken, { roles: 'admin' }),
          400,
          'request.invalid',
        );
        expectProblem(
          await authorized(
            'PUT',
            `/v1/identity/users/${elsewhere.userId}/roles`,
            admin.accessToken,
            { roles: [] },
          ),
          404,
          'identity.user_not_found',
        );
        expectProblem(
          await harness.request('PUT', path, { body: { roles: [] } }),
          401,
          'auth.token_missing',
        );
      });

      it('suspends and reinstates a user as an admin and refuses an operator', async () => {
        const { email, userId, session } = await newUser('suspended');
        expectProblem(
          await authorized('POST', `/v1/identity/users/${userId}/suspend`, operator.accessToken),
          403,
          'identity.permission_denied',
        );
        const suspended = await authorized(
          'POST',
          `/v1/identity/users/${userId}/suspend`,
          admin.accessToken,
        );
        expect({ status: suspended.status, text: suspended.text }).toEqual({
          status: 204,
          text: '',
        });
        expectProblem(
          await authorized('GET', '/v1/identity/me', session.accessToken),
          401,
          'identity.token_revoked',
        );
        expectProblem(await login(email), 403, 'identity.account_suspended');

        expectProblem(
          await authorized('POST', `/v1/identity/users/${userId}/reinstate`, operator.accessToken),
          403,
          'identity.permission_denied',
        );
        const reinstated = await authorized(
          'POST',
          `/v1/identity/users/${userId}/reinstate`,
          admin.accessToken,
        );
        expect(reinstated.status).toBe(204);
        expect((await login(email)).status).toBe(200);
        expectProblem(
          await authorized(
            'POST',
            `/v1/identity/users/${elsewhere.userId}/suspend`,
            admin.accessToken,
          ),
          404,
          'identity.user_not_found',
        );
      });

      it('rotates the signing key and publishes both keys in the JWKS', async () => {
        const before = await harness.request('GET', '/v1/identity/jwks');
        expect(before.status).toBe(200);
        expect(before.headers.get('cache-control')).toBe('public, max-age=60');
        expect(before.body).toEqual({
          keys: [
            {
              kid: expect.any(String),
              alg: 'EdDSA',
              use: 'sig',
              kty: 'OKP',
              crv: 'Ed25519',
              x: expect.any(String),
            },
          ],
        });
        const [{ kid: retiredKid }] = before.body.keys;

        expectProblem(
          await authorized('POST', '/v1/identity/signing-keys/rotate', operator.accessToken),
          403,
          'identity.permission_denied',
        );
        const rotated = await authorized(
          'POST',
          '/v1/identity/signing-keys/rotate',
          admin.accessToken,
        );
        expect(rotated.status).toBe(200);
        expect(rotated.body).toEqual({ kid: expect.any(String), retiredKid });
        expect(rotated.body.kid).not.toBe(retiredKid);

        const after = await harness.request('GET', '/v1/identity/jwks');
        expect(after.body.keys.map((key: { kid: string }) => key.kid).sort()).toEqual(
          [rotated.body.kid, retiredKid].sort(),
        );
        // Tokens signed by the retired key verify until they expire.
        expect((await authorized('GET', '/v1/identity/me', admin.accessToken)).status).toBe(200);
        expectProblem(
          await harness.request('POST', '/v1/identity/signing-keys/rotate', { body: {} }),
          401,
          'auth.token_missing',
        );
      });
    });

    it('documents every identity route in the OpenAPI document', async () => {
      const document = await harness.request('GET', '/v1/openapi.json');
      expect(document.status).toBe(200);
      const routes = Object.entries(document.body.paths as Record<string, object>)
        .filter(([path]) => path.startsWith('/v1/identity/'))
        .flatMap(([path, item]) =>
          Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
        )
        .sort();
      expect(routes).toEqual(
        [
          'POST /v1/identity/register',
          'POST /v1/identity/email-verification',
          'POST /v1/identity/email-verification/resend',
          'POST /v1/identity/password-reset',
          'POST /v1/identity/password-reset/confirm',
          'POST /v1/identity/login',
          'POST /v1/identity/login/mfa',
          'POST /v1/identity/login/mfa/sms-code',
          'POST /v1/identity/login/mfa/passkey-options',
          'POST /v1/identity/refresh',
          'POST /v1/identity/logout',
          'GET /v1/identity/me',
          'POST /v1/identity/mfa/totp/enrollment',
          'POST /v1/identity/mfa/totp/enrollment/confirm',
          'POST /v1/identity/mfa/recovery-codes',
          'POST /v1/identity/mfa/sms',
          'POST /v1/identity/mfa/passkeys/registration-options',
          'POST /v1/identity/mfa/passkeys',
          'GET /v1/identity/users/{userId}/devices',
          'DELETE /v1/identity/users/{userId}/devices/{deviceId}',
          'GET /v1/identity/users/{userId}/export',
          'DELETE /v1/identity/users/{userId}',
          'PUT /v1/identity/users/{userId}/roles',
          'POST /v1/identity/users/{userId}/suspend',
          'POST /v1/identity/users/{userId}/reinstate',
          'POST /v1/identity/signing-keys/rotate',
          'GET /v1/identity/jwks',
        ].sort(),
      );
    });

    it('logs no password, token, code or secret', () => {
      const logged = harness.logLines.join('');
      expect(logged.length).toBeGreaterThan(0);
      for (const secret of harness.secrets) expect(logged).not.toContain(secret);
    });
  });
}
