import { err, FakeClock, infrastructureError, unwrapOrThrow } from '@strongroom/kernel';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { ROLES_MAX } from '../src/authorization/roles.js';
import type { RevocationList } from '../src/revocation/revocation-list.js';
import {
  ACCESS_TOKEN_ID_MAX_LENGTH,
  ACCESS_TOKEN_MAX_LENGTH,
  ACCESS_TOKEN_PARTY_MAX_LENGTH,
  AUTHENTICATION_METHODS_MAX,
} from '../src/tokens/access-token-limits.js';
import { AUDIENCE, createTokenHarness, ISSUER, subjectOf, tenant } from './access-token-fixture.js';

const acme = tenant('acme');

describe('createAccessTokens: issue and verify', () => {
  it('round-trips every claim under an EdDSA key with typ at+jwt', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const subject = subjectOf(acme);
    const issued = unwrapOrThrow(await tokens.issue(subject));
    const header = decodeProtectedHeader(issued.token);
    expect(header).toEqual({ alg: 'EdDSA', kid: expect.stringMatching(/^key_/), typ: 'at+jwt' });
    const nowSeconds = harness.clock.now().getTime() / 1000;
    expect(decodeJwt(issued.token)).toEqual({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: subject.userId,
      tid: 'acme',
      dev: subject.deviceId,
      sid: subject.sessionId,
      jti: issued.jti,
      roles: ['operator'],
      amr: ['pwd', 'otp'],
      iat: nowSeconds,
      nbf: nowSeconds,
      exp: nowSeconds + 600,
    });
    expect(issued.expiresAtMs).toBe(harness.clock.now().getTime() + 600_000);
    expect(unwrapOrThrow(await tokens.verify(issued.token))).toEqual({
      tenantId: acme,
      userId: subject.userId,
      deviceId: subject.deviceId,
      sessionId: subject.sessionId,
      jti: issued.jti,
      roles: ['operator'],
      authenticationMethods: ['pwd', 'otp'],
      issuedAtMs: nowSeconds * 1000,
      notBeforeMs: nowSeconds * 1000,
      expiresAtMs: issued.expiresAtMs,
    });
  });

  it('signs with ES256 when configured, and gives every token its own jti', async () => {
    const tokens = createTokenHarness().tokens({ algorithm: 'ES256', accessTokenTtlMs: 60_000 });
    const first = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    const second = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    expect(decodeProtectedHeader(first.token).alg).toBe('ES256');
    expect(first.jti).not.toBe(second.jti);
    expect(decodeJwt(first.token).exp).toBe((decodeJwt(first.token).iat ?? 0) + 60);
    expect(unwrapOrThrow(await tokens.verify(second.token)).jti).toBe(second.jti);
    const jwks = unwrapOrThrow(await tokens.jwks(acme));
    expect(jwks.keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: decodeProtectedHeader(first.token).kid,
        alg: 'ES256',
        use: 'sig',
      },
    ]);
  });

  it('keeps the largest token it can issue within ACCESS_TOKEN_MAX_LENGTH', async () => {
    const longParty = (prefix: string) => prefix.padEnd(ACCESS_TOKEN_PARTY_MAX_LENGTH, 'x');
    const tokens = createTokenHarness().tokens({
      algorithm: 'ES256',
      issuer: longParty('https://issuer/'),
      audience: longParty('https://audience/'),
    });
    const longId = (prefix: string) => prefix.padEnd(ACCESS_TOKEN_ID_MAX_LENGTH, '9');
    const subject = subjectOf(tenant('t'.repeat(64)), {
      userId: longId('usr_'),
      deviceId: longId('dev_'),
      sessionId: longId('ses_'),
      roles: Array.from({ length: ROLES_MAX }, (_, index) => `r${index}`.padEnd(40, 'z')),
      authenticationMethods: Array.from({ length: AUTHENTICATION_METHODS_MAX }, (_, index) =>
        String.fromCharCode(97 + index).repeat(16),
      ),
    });
    const issued = unwrapOrThrow(await tokens.issue(subject));
    expect(issued.token.length).toBeLessThanOrEqual(ACCESS_TOKEN_MAX_LENGTH);
    expect(unwrapOrThrow(await tokens.verify(issued.token)).roles).toHaveLength(ROLES_MAX);
  });

  it('refuses to issue for malformed subjects, naming the field only', async () => {
    const tokens = createTokenHarness().tokens();
    const cases = [
      [{ userId: '' }, 'userId'],
      [{ userId: 'usr 1' }, 'userId'],
      [{ deviceId: 'd'.repeat(ACCESS_TOKEN_ID_MAX_LENGTH + 1) }, 'deviceId'],
      [{ sessionId: 'ses\u00e9' }, 'sessionId'],
      [{ roles: ['Admin'] }, 'roles'],
      [{ roles: ['admin', 'admin'] }, 'roles'],
      [{ roles: Array.from({ length: ROLES_MAX + 1 }, (_, index) => `r${index}`) }, 'roles'],
      [{ authenticationMethods: ['PWD'] }, 'authenticationMethods'],
      [
        {
          authenticationMethods: Array.from(
            { length: AUTHENTICATION_METHODS_MAX + 1 },
            (_, i) => `m${'abcdefghij'[i]}`,
          ),
        },
        'authenticationMethods',
      ],
    ] as const;
    for (const [overrides, field] of cases) {
      const refused = await tokens.issue(subjectOf(acme, overrides));
      expect(refused._unsafeUnwrapErr()).toEqual({
        type: 'validation',
        field,
        reason: 'bad_format',
      });
    }
  });

  it('writes an empty amr when no method is named', async () => {
    const tokens = createTokenHarness().tokens();
    const { tenantId, userId, deviceId, sessionId, roles } = subjectOf(acme);
    const issued = unwrapOrThrow(
      await tokens.issue({ tenantId, userId, deviceId, sessionId, roles }),
    );
    expect(decodeJwt(issued.token)['amr']).toEqual([]);
    expect(unwrapOrThrow(await tokens.verify(issued.token)).authenticationMethods).toEqual([]);
  });

  it('refuses options outside their limits as programmer errors', () => {
    const harness = createTokenHarness();
    expect(() => harness.tokens({ accessTokenTtlMs: 60 * 60_000 + 1000 })).toThrow('ttl');
    expect(() => harness.tokens({ accessTokenTtlMs: 1500 })).toThrow('ttl');
    expect(() => harness.tokens({ leewayMs: 5 * 60_000 + 1000 })).toThrow('leeway');
    expect(() => harness.tokens({ issuer: '' })).toThrow('issuer');
    expect(() => harness.tokens({ audience: 'a b' })).toThrow('audience');
  });
});

describe('createAccessTokens: time', () => {
  it('accepts a token until exp plus the leeway, then refuses it as expired', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    harness.clock.advance(600_000 + 29_000);
    expect((await tokens.verify(issued.token)).isOk()).toBe(true);
    harness.clock.advance(1000);
    expect((await tokens.verify(issued.token))._unsafeUnwrapErr()).toEqual({
      type: 'identity.invalid_token',
      reason: 'expired',
    });
  });

  it('accepts a token from a clock ahead by less than the leeway, refuses one further ahead', async () => {
    const harness = createTokenHarness();
    const verifier = harness.tokens();
    // Another process whose clock runs ahead, sharing storage, vault and keys.
    const issuerClock = new FakeClock(new Date(harness.clock.now().getTime() + 20_000));
    const slightlyAhead = harness.tokens({ clock: issuerClock });
    const near = unwrapOrThrow(await slightlyAhead.issue(subjectOf(acme)));
    expect((await verifier.verify(near.token)).isOk()).toBe(true);
    issuerClock.advance(20_000);
    const far = unwrapOrThrow(await slightlyAhead.issue(subjectOf(acme)));
    expect((await verifier.verify(far.token))._unsafeUnwrapErr()).toEqual({
      type: 'identity.invalid_token',
      reason: 'not_yet_valid',
    });
  });
});

describe('createAccessTokens: revocation', () => {
  it('refuses a token whose jti, session, device or user is revoked, and only those', async () => {
    const harness = createTokenHarness();
    const tokens = harness.tokens();
    const expiresAtMs = harness.clock.now().getTime() + 3_600_000;
    const issue = (
      deviceId: string,
      userId = 'usr_01jz0000000000000000000001',
      sessionId = `ses_of_${deviceId}`,
    ) => tokens.issue(subjectOf(acme, { deviceId, userId, sessionId })).then(unwrapOrThrow);
    const byJti = await issue('dev_a');
    const byDevice = await issue('dev_b');
    const byUser = await issue('dev_c', 'usr_revoked');
    const bySession = await issue('dev_e', undefined, 'ses_revoked');
    const untouched = await issue('dev_d');
    unwrapOrThrow(
      await harness.revocations.revoke(acme, [
        { kind: 'token', id: byJti.jti, expiresAtMs },
        { kind: 'device', id: 'dev_b', expiresAtMs },
        { kind: 'user', id: 'usr_revoked', expiresAtMs },
        { kind: 'session', id: 'ses_revoked', expiresAtMs },
      ]),
    );
    for (const revoked of [byJti, byDevice, byUser, bySession]) {
      expect((await tokens.verify(revoked.token))._unsafeUnwrapErr()).toEqual({
        type: 'identity.token_revoked',
      });
    }
    expect((await tokens.verify(untouched.token)).isOk()).toBe(true);
  });

  it('fails closed with the store error when the revocation list cannot answer', async () => {
    const harness = createTokenHarness();
    const outage = infrastructureError({
      retryable: true,
      operation: 'redis.get',
      message: 'down',
    });
    // A real list whose store is down for checks: the failure itself is what is under test.
    const failing: RevocationList = {
      name: 'failing',
      revoke: (tenantId, revocations) => harness.revocations.revoke(tenantId, revocations),
      isRevoked: async () => err(outage),
    };
    const tokens = harness.tokens({ revocations: failing });
    const issued = unwrapOrThrow(await tokens.issue(subjectOf(acme)));
    expect((await tokens.verify(issued.token))._unsafeUnwrapErr()).toEqual(outage);
  });
});
