import { describe, expect, it } from 'vitest';
import { passkeyFailureReasonOf, verifyWithLibrary } from '../src/passkeys/passkey-error.js';

describe('passkeyFailureReasonOf', () => {
  it('reads a reason only from the start of a message, whose rest the response controls', () => {
    const origin = new Error('Unexpected authentication response origin "challenge", expected x');
    expect(passkeyFailureReasonOf(origin)).toBe('origin_mismatch');
    const quoted = new Error('Credential ID "Unexpected RP ID hash" was not base64url-encoded');
    expect(passkeyFailureReasonOf(quoted)).toBe('malformed');
  });

  it('treats anything unrecognised, thrown values that are not errors included, as malformed', () => {
    expect(passkeyFailureReasonOf(new TypeError('Cannot read properties of undefined'))).toBe(
      'malformed',
    );
    expect(passkeyFailureReasonOf('Unexpected RP ID hash')).toBe('malformed');
    expect(passkeyFailureReasonOf(undefined)).toBe('malformed');
  });
});

describe('verifyWithLibrary', () => {
  it('passes a result through and turns a throw into a typed failure without its message', async () => {
    expect((await verifyWithLibrary(async () => 7))._unsafeUnwrap()).toBe(7);
    const failure = await verifyWithLibrary(async () => {
      throw new Error('Unexpected RP ID hash');
    });
    expect(failure._unsafeUnwrapErr()).toEqual({
      type: 'identity.passkey_failed',
      reason: 'rp_mismatch',
    });
  });
});
