import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { AssertionFailure } from '@strongroom/kernel';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PASSKEY_CHALLENGE_BYTES,
  PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS,
  PASSKEYS_PER_USER_MAX,
} from '../src/passkeys/passkey-options.js';
import {
  finishPasskeyRegistration,
  startPasskeyRegistration,
} from '../src/passkeys/passkey-registration.js';
import {
  base64UrlJson,
  decodeClientData,
  FIXTURE_NOW_MS,
  fixtureRelyingParty,
  fixtures,
  storedChallenge,
  withResponseFields,
} from './fixtures/webauthn/webauthn-fixtures.js';

// The real verifier behind a spy, so a test can prove the library was never reached.
vi.mock('@simplewebauthn/server', async (importOriginal) => {
  const library = await importOriginal<typeof import('@simplewebauthn/server')>();
  return { ...library, verifyRegistrationResponse: vi.fn(library.verifyRegistrationResponse) };
});

const recorded = fixtures.registration;
const user = { id: recorded.userId, name: 'ada' };

function finish(
  response: unknown,
  overrides: Partial<Parameters<typeof finishPasskeyRegistration>[0]> = {},
) {
  return finishPasskeyRegistration({
    relyingParty: fixtureRelyingParty,
    response,
    challenge: storedChallenge(recorded.challenge),
    nowMs: FIXTURE_NOW_MS,
    ...overrides,
  });
}

describe('startPasskeyRegistration', () => {
  it('offers creation options bound to the relying party, user and a fresh challenge', async () => {
    const start = (
      await startPasskeyRegistration({
        relyingParty: fixtureRelyingParty,
        user,
        existingCredentialIds: [recorded.response.id],
        nowMs: FIXTURE_NOW_MS,
      })
    )._unsafeUnwrap();
    const { options, challenge } = start;
    expect(options.rp).toEqual({ id: 'strongroom.test', name: 'Strongroom' });
    expect(options.user).toEqual({
      id: Buffer.from(user.id).toString('base64url'),
      name: 'ada',
      displayName: 'ada',
    });
    expect(options.challenge).toBe(challenge.value);
    expect(Buffer.from(challenge.value, 'base64url')).toHaveLength(PASSKEY_CHALLENGE_BYTES);
    expect(challenge.expiresAtMs).toBe(FIXTURE_NOW_MS + PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS);
    expect(options.timeout).toBe(PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'required',
    });
    expect(options.attestation).toBe('none');
    expect(options.pubKeyCredParams.map((parameter) => parameter.alg)).toEqual([-8, -7, -257]);
    expect(options.excludeCredentials).toEqual([{ id: recorded.response.id, type: 'public-key' }]);
    expect(JSON.parse(JSON.stringify(start))).toEqual(start);
  });

  it('draws a new challenge every time and honours a configured lifetime', async () => {
    const relyingParty = { ...fixtureRelyingParty, challengeLifetimeMs: 90_000 };
    const input = { relyingParty, user, existingCredentialIds: [], nowMs: FIXTURE_NOW_MS };
    const first = (await startPasskeyRegistration(input))._unsafeUnwrap();
    const second = (await startPasskeyRegistration(input))._unsafeUnwrap();
    expect(first.challenge.value).not.toBe(second.challenge.value);
    expect(first.challenge.expiresAtMs).toBe(FIXTURE_NOW_MS + 90_000);
    expect(first.options.timeout).toBe(90_000);
  });

  it('refuses an eleventh passkey with a typed error', async () => {
    const existingCredentialIds = Array.from({ length: PASSKEYS_PER_USER_MAX }, (_, index) =>
      Buffer.of(index).toString('base64url'),
    );
    const result = await startPasskeyRegistration({
      relyingParty: fixtureRelyingParty,
      user,
      existingCredentialIds,
      nowMs: FIXTURE_NOW_MS,
    });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_limit_reached',
      maximum: PASSKEYS_PER_USER_MAX,
    });
  });

  it.each([
    ['an empty user id', { id: '', name: 'ada' }, []],
    ['a user id over 64 bytes', { id: `usr_${'a'.repeat(61)}`, name: 'ada' }, []],
    ['an empty user name', { id: 'usr_1', name: '' }, []],
    ['a user name over 64 characters', { id: 'usr_1', name: 'a'.repeat(65) }, []],
    ['a stored credential id that is not base64url', { id: 'usr_1', name: 'ada' }, ['a+b/']],
  ])('treats %s as a programmer error', async (_, badUser, existingCredentialIds) => {
    await expect(
      startPasskeyRegistration({
        relyingParty: fixtureRelyingParty,
        user: badUser,
        existingCredentialIds,
        nowMs: FIXTURE_NOW_MS,
      }),
    ).rejects.toThrow(AssertionFailure);
  });
});

describe('finishPasskeyRegistration', () => {
  beforeEach(() => {
    vi.mocked(verifyRegistrationResponse).mockClear();
  });

  it('verifies the recorded registration and yields the passkey to store', async () => {
    const passkey = (await finish(recorded.response))._unsafeUnwrap();
    expect(passkey).toEqual({
      credentialId: recorded.response.id,
      publicKey: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      counter: 0,
      transports: ['hybrid', 'internal'],
      backedUp: true,
      deviceType: 'multiDevice',
      createdAtMs: FIXTURE_NOW_MS,
      aaguid: '00000000-0000-0000-0000-000000000000',
    });
    // The COSE key of the fixture: a map of five entries (kty EC2, alg ES256, crv P-256, x, y).
    expect(Buffer.from(passkey.publicKey, 'base64url').subarray(0, 7).toString('hex')).toBe(
      'a5010203262001',
    );
    expect(JSON.parse(JSON.stringify(passkey))).toEqual(passkey);
  });

  it('accepts the response from any listed origin', async () => {
    const relyingParty = { ...fixtureRelyingParty, origins: ['https://app.test', recorded.origin] };
    expect((await finish(recorded.response, { relyingParty })).isOk()).toBe(true);
  });

  it('keeps only transports WebAuthn defines', async () => {
    const response = withResponseFields(recorded.response, { transports: ['usb', 'teleport'] });
    expect((await finish(response))._unsafeUnwrap().transports).toEqual(['usb']);
  });

  it('refuses a response from an origin the relying party does not list', async () => {
    const relyingParty = { ...fixtureRelyingParty, origins: ['https://evil.test'] };
    expect((await finish(recorded.response, { relyingParty }))._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'origin_mismatch',
    });
  });

  it('refuses a credential scoped to another RP ID', async () => {
    const relyingParty = { ...fixtureRelyingParty, id: 'other.test' };
    expect((await finish(recorded.response, { relyingParty }))._unsafeUnwrapErr().reason).toBe(
      'rp_mismatch',
    );
  });

  it('refuses a response to another challenge', async () => {
    const challenge = storedChallenge(fixtures.authentication.assertions.first.challenge);
    expect((await finish(recorded.response, { challenge }))._unsafeUnwrapErr().reason).toBe(
      'challenge_mismatch',
    );
  });

  it('refuses a registration ceremony answered with a sign-in response type', async () => {
    const clientData = decodeClientData(recorded.response.response.clientDataJSON);
    const response = withResponseFields(recorded.response, {
      clientDataJSON: base64UrlJson({ ...clientData, type: 'webauthn.get' }),
    });
    expect((await finish(response))._unsafeUnwrapErr().reason).toBe('malformed');
  });

  it('refuses a response whose reported id differs from the one the authenticator signed', async () => {
    const otherId = Buffer.alloc(32, 7).toString('base64url');
    const response = { ...structuredClone(recorded.response), id: otherId, rawId: otherId };
    expect((await finish(response))._unsafeUnwrapErr().reason).toBe('malformed');
  });

  it('refuses an expired challenge without calling the library', async () => {
    const challenge = { value: recorded.challenge, expiresAtMs: FIXTURE_NOW_MS };
    expect((await finish(recorded.response, { challenge }))._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'challenge_expired',
    });
    expect(verifyRegistrationResponse).not.toHaveBeenCalled();
  });

  it('accepts a challenge in its last millisecond', async () => {
    const challenge = { value: recorded.challenge, expiresAtMs: FIXTURE_NOW_MS + 1 };
    expect((await finish(recorded.response, { challenge })).isOk()).toBe(true);
    expect(verifyRegistrationResponse).toHaveBeenCalledOnce();
  });

  const malformedResponses: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['an empty object', {}],
    ['a string', 'ZnKC'],
    ['a number', 42],
    ['an array', [recorded.response]],
    ['a numeric id', { ...recorded.response, id: 1, rawId: 1 }],
    ['an id that differs from rawId', { ...recorded.response, rawId: 'AAAA' }],
    ['an id that is not base64url', { ...recorded.response, id: 'a+b/', rawId: 'a+b/' }],
    ['an over-long id', { ...recorded.response, id: 'A'.repeat(1365), rawId: 'A'.repeat(1365) }],
    ['another credential type', { ...recorded.response, type: 'password' }],
    ['no inner response', { ...recorded.response, response: null }],
    ['a numeric clientDataJSON', withResponseFields(recorded.response, { clientDataJSON: 7 })],
    [
      'a missing attestationObject',
      withResponseFields(recorded.response, { attestationObject: undefined }),
    ],
    [
      'an empty attestationObject',
      withResponseFields(recorded.response, { attestationObject: '' }),
    ],
    [
      'an over-long attestationObject',
      withResponseFields(recorded.response, { attestationObject: 'A'.repeat(32_769) }),
    ],
    [
      'an attestationObject that is not CBOR',
      withResponseFields(recorded.response, { attestationObject: 'AAAA' }),
    ],
    [
      'a clientDataJSON that is not JSON',
      withResponseFields(recorded.response, { clientDataJSON: 'AAAA' }),
    ],
    [
      'transports that are not a list',
      withResponseFields(recorded.response, { transports: 'usb' }),
    ],
    [
      'too many transports',
      withResponseFields(recorded.response, { transports: Array(17).fill('usb') }),
    ],
  ];

  it.each(malformedResponses)('refuses %s as malformed without throwing', async (_, response) => {
    const result = await finish(response);
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'malformed',
    });
  });

  it('never echoes the rejected response in its error', async () => {
    const relyingParty = { ...fixtureRelyingParty, origins: ['https://evil.test'] };
    const error = (await finish(recorded.response, { relyingParty }))._unsafeUnwrapErr();
    expect(Object.keys(error).sort()).toEqual(['reason', 'type']);
    expect(JSON.stringify(error)).not.toContain(recorded.challenge);
  });
});
