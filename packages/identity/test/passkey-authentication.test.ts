import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { AssertionFailure } from '@strongroom/kernel';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  finishPasskeyAuthentication,
  startPasskeyAuthentication,
} from '../src/passkeys/passkey-authentication.js';
import {
  PASSKEY_CHALLENGE_BYTES,
  PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS,
  PASSKEYS_PER_USER_MAX,
} from '../src/passkeys/passkey-options.js';
import type { StoredPasskey } from '../src/passkeys/stored-passkey.js';
import {
  base64UrlJson,
  decodeClientData,
  FIXTURE_NOW_MS,
  fixtureRelyingParty,
  fixtures,
  registeredPasskey,
  storedChallenge,
  withResponseFields,
} from './fixtures/webauthn/webauthn-fixtures.js';

// The real verifier behind a spy, so a test can prove the library was never reached.
vi.mock('@simplewebauthn/server', async (importOriginal) => {
  const library = await importOriginal<typeof import('@simplewebauthn/server')>();
  return { ...library, verifyAuthenticationResponse: vi.fn(library.verifyAuthenticationResponse) };
});

const { first, second, withoutUserVerification, withoutUserPresence } =
  fixtures.authentication.assertions;

let passkey: StoredPasskey;

beforeAll(async () => {
  passkey = await registeredPasskey();
});

type FinishInput = Parameters<typeof finishPasskeyAuthentication>[0];

function finish(
  assertion: { challenge: string; response: unknown },
  overrides: Partial<FinishInput> = {},
) {
  return finishPasskeyAuthentication({
    relyingParty: fixtureRelyingParty,
    response: assertion.response,
    challenge: storedChallenge(assertion.challenge),
    passkey,
    nowMs: FIXTURE_NOW_MS,
    ...overrides,
  });
}

async function reasonOf(
  assertion: { challenge: string; response: unknown },
  overrides: Partial<FinishInput> = {},
) {
  return (await finish(assertion, overrides))._unsafeUnwrapErr().reason;
}

describe('startPasskeyAuthentication', () => {
  it('asks for a user-verified assertion over a fresh challenge', async () => {
    const start = await startPasskeyAuthentication({
      relyingParty: fixtureRelyingParty,
      allowCredentialIds: [passkey.credentialId],
      nowMs: FIXTURE_NOW_MS,
    });
    const { options, challenge } = start;
    expect(options.rpId).toBe('strongroom.test');
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials).toEqual([{ id: passkey.credentialId, type: 'public-key' }]);
    expect(options.challenge).toBe(challenge.value);
    expect(options.timeout).toBe(PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS);
    expect(Buffer.from(challenge.value, 'base64url')).toHaveLength(PASSKEY_CHALLENGE_BYTES);
    expect(challenge.expiresAtMs).toBe(FIXTURE_NOW_MS + PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS);
    expect(JSON.parse(JSON.stringify(start))).toEqual(start);
  });

  it('leaves the credential choice to the browser when no user is named', async () => {
    const input = { relyingParty: fixtureRelyingParty, nowMs: FIXTURE_NOW_MS };
    const start = await startPasskeyAuthentication(input);
    expect(start.options.allowCredentials ?? []).toEqual([]);
    expect((await startPasskeyAuthentication(input)).challenge.value).not.toBe(
      start.challenge.value,
    );
  });

  it('treats more allowed ids than a user may hold as a programmer error', async () => {
    const allowCredentialIds = Array.from({ length: PASSKEYS_PER_USER_MAX + 1 }, (_, index) =>
      Buffer.of(index).toString('base64url'),
    );
    await expect(
      startPasskeyAuthentication({
        relyingParty: fixtureRelyingParty,
        allowCredentialIds,
        nowMs: FIXTURE_NOW_MS,
      }),
    ).rejects.toThrow(AssertionFailure);
  });
});

describe('finishPasskeyAuthentication', () => {
  beforeEach(() => {
    vi.mocked(verifyAuthenticationResponse).mockClear();
  });

  it('verifies the recorded assertions in turn and returns each new counter', async () => {
    expect((await finish(first))._unsafeUnwrap()).toEqual({ newCounter: 1, backedUp: true });
    const afterFirst = { ...passkey, counter: 1 };
    expect((await finish(second, { passkey: afterFirst }))._unsafeUnwrap()).toEqual({
      newCounter: 2,
      backedUp: true,
    });
  });

  it('reports a replayed older assertion as a regressed counter', async () => {
    const afterSecond = { ...passkey, counter: 2 };
    expect(await reasonOf(first, { passkey: afterSecond })).toBe('counter_regressed');
  });

  it('reports an unchanged non-zero counter as regressed', async () => {
    const afterFirst = { ...passkey, counter: 1 };
    expect(await reasonOf(first, { passkey: afterFirst })).toBe('counter_regressed');
  });

  it('refuses a tampered signature', async () => {
    const signature = Buffer.from(first.response.response.signature, 'base64url');
    signature[signature.length - 1] = (signature.at(-1) ?? 0) ^ 0x01;
    const response = withResponseFields(first.response, {
      signature: signature.toString('base64url'),
    });
    expect(await reasonOf({ ...first, response })).toBe('bad_signature');
  });

  it('refuses unsigned counter changes as a bad signature, never as a clone', async () => {
    // The counter lowered to 0 in authenticator data the signature does not cover.
    const data = Buffer.from(first.response.response.authenticatorData, 'base64url');
    data.writeUInt32BE(0, 33);
    const response = withResponseFields(first.response, {
      authenticatorData: data.toString('base64url'),
    });
    expect(await reasonOf({ ...first, response }, { passkey: { ...passkey, counter: 2 } })).toBe(
      'bad_signature',
    );
  });

  it('refuses an assertion made on an origin the relying party does not list', async () => {
    const relyingParty = { ...fixtureRelyingParty, origins: ['https://evil.test'] };
    expect(await reasonOf(first, { relyingParty })).toBe('origin_mismatch');
  });

  it('refuses an assertion made inside a foreign frame', async () => {
    const clientData = decodeClientData(first.response.response.clientDataJSON);
    const response = withResponseFields(first.response, {
      clientDataJSON: base64UrlJson({
        ...clientData,
        crossOrigin: true,
        topOrigin: 'https://evil.test',
      }),
    });
    expect(await reasonOf({ ...first, response })).toBe('origin_mismatch');
  });

  it('refuses an assertion scoped to another RP ID', async () => {
    const relyingParty = { ...fixtureRelyingParty, id: 'other.test' };
    expect(await reasonOf(first, { relyingParty })).toBe('rp_mismatch');
  });

  it('refuses an assertion over another challenge', async () => {
    expect(await reasonOf({ ...first, challenge: second.challenge })).toBe('challenge_mismatch');
  });

  it('refuses an expired challenge without calling the library', async () => {
    const challenge = { value: first.challenge, expiresAtMs: FIXTURE_NOW_MS - 1 };
    expect(await reasonOf(first, { challenge })).toBe('challenge_expired');
    expect(verifyAuthenticationResponse).not.toHaveBeenCalled();
  });

  it('refuses an assertion for another credential than the stored passkey', async () => {
    const otherId = Buffer.alloc(32, 7).toString('base64url');
    const response = { ...structuredClone(first.response), id: otherId, rawId: otherId };
    expect(await reasonOf({ ...first, response })).toBe('not_allowed');
    expect(verifyAuthenticationResponse).not.toHaveBeenCalled();
  });

  it('refuses an assertion without user verification', async () => {
    expect(await reasonOf(withoutUserVerification)).toBe('user_not_verified');
  });

  it('refuses an assertion without user presence', async () => {
    expect(await reasonOf(withoutUserPresence)).toBe('user_not_present');
  });

  it('refuses a stored passkey whose public key is not a COSE key as malformed', async () => {
    const corrupted = { ...passkey, publicKey: 'AAAA' };
    expect(await reasonOf(first, { passkey: corrupted })).toBe('malformed');
  });

  const recorded = first.response;
  const malformedResponses: [string, unknown][] = [
    ['null', null],
    ['an empty object', {}],
    ['a boolean', true],
    ['a numeric rawId', { ...recorded, rawId: 5 }],
    ['no inner response', { ...recorded, response: 'x' }],
    ['a missing signature', withResponseFields(recorded, { signature: undefined })],
    ['a numeric authenticatorData', withResponseFields(recorded, { authenticatorData: 1 })],
    ['a signature that is not base64url', withResponseFields(recorded, { signature: '$$' })],
    ['a numeric userHandle', withResponseFields(recorded, { userHandle: 3 })],
    ['authenticator data too short', withResponseFields(recorded, { authenticatorData: 'AAAA' })],
    ['a signature that is not DER', withResponseFields(recorded, { signature: 'AAAA' })],
    ['client data of no ceremony type', withResponseFields(recorded, { clientDataJSON: 'e30' })],
  ];

  it.each(malformedResponses)('refuses %s as malformed without throwing', async (_, response) => {
    const result = await finish({ ...first, response });
    expect(result._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'malformed',
    });
  });
});
