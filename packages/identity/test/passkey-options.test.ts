import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import {
  assertPasskeyRelyingParty,
  PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS,
  PASSKEY_CHALLENGE_LIFETIME_MAX_MS,
  type PasskeyRelyingParty,
  passkeyChallengeLifetimeMs,
} from '../src/passkeys/passkey-options.js';

const relyingParty: PasskeyRelyingParty = {
  id: 'strongroom.test',
  name: 'Strongroom',
  origins: ['https://strongroom.test'],
};

describe('assertPasskeyRelyingParty', () => {
  it('accepts a well-formed relying party', () => {
    expect(() => assertPasskeyRelyingParty(relyingParty)).not.toThrow();
  });

  it.each<[string, Partial<PasskeyRelyingParty>]>([
    ['an empty RP ID', { id: '' }],
    ['an RP ID with a scheme', { id: 'https://strongroom.test' }],
    ['an RP ID over 253 characters', { id: `${'a'.repeat(250)}.test` }],
    ['an empty name', { name: '' }],
    ['no origins', { origins: [] }],
    ['an origin with a trailing slash', { origins: ['https://strongroom.test/'] }],
    ['an origin that is not a URL', { origins: ['strongroom.test'] }],
    ['more than 16 origins', { origins: Array(17).fill('https://strongroom.test') }],
    ['a zero lifetime', { challengeLifetimeMs: 0 }],
    ['a fractional lifetime', { challengeLifetimeMs: 1.5 }],
    ['a lifetime over ten minutes', { challengeLifetimeMs: PASSKEY_CHALLENGE_LIFETIME_MAX_MS + 1 }],
  ])('refuses %s as a programmer error', (_, change) => {
    expect(() => assertPasskeyRelyingParty({ ...relyingParty, ...change })).toThrow(
      AssertionFailure,
    );
  });
});

describe('passkeyChallengeLifetimeMs', () => {
  it('defaults to five minutes and otherwise uses the configured lifetime', () => {
    expect(passkeyChallengeLifetimeMs(relyingParty)).toBe(PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS);
    expect(PASSKEY_CHALLENGE_LIFETIME_DEFAULT_MS).toBe(300_000);
    expect(passkeyChallengeLifetimeMs({ ...relyingParty, challengeLifetimeMs: 60_000 })).toBe(
      60_000,
    );
  });
});
