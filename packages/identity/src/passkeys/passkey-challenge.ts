import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { assert } from '@strongroom/kernel';
import { PASSKEY_CHALLENGE_BYTES } from './passkey-options.js';

/**
 * A ceremony's challenge as the service stores it between start and finish. It must be used at
 * most once: the service deletes it when the finish call returns, whatever the result, so a
 * captured response cannot be replayed.
 */
export interface PasskeyChallenge {
  /** The challenge as the browser receives it (base64url). Not secret, but single use. */
  readonly value: string;
  /** Epoch milliseconds from which the challenge no longer verifies anything. */
  readonly expiresAtMs: number;
}

/** A fresh challenge: the bytes for the library and the record for the service. */
export interface IssuedPasskeyChallenge {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly challenge: PasskeyChallenge;
}

/** Draws {@link PASSKEY_CHALLENGE_BYTES} random bytes valid for `lifetimeMs` from `nowMs`. */
export function issuePasskeyChallenge(nowMs: number, lifetimeMs: number): IssuedPasskeyChallenge {
  assertEpochMs(nowMs);
  const bytes = crypto.getRandomValues(new Uint8Array(PASSKEY_CHALLENGE_BYTES));
  return {
    bytes,
    challenge: { value: isoBase64URL.fromBuffer(bytes), expiresAtMs: nowMs + lifetimeMs },
  };
}

/**
 * True once `nowMs` reaches the expiry. Checked before any parsing, so a late response costs no
 * verification work. The stored record is the service's own data: a broken one is a bug.
 */
export function isPasskeyChallengeExpired(challenge: PasskeyChallenge, nowMs: number): boolean {
  assertEpochMs(nowMs);
  assertEpochMs(challenge.expiresAtMs);
  assert(challenge.value.length > 0, 'passkey challenge value is empty');
  return nowMs >= challenge.expiresAtMs;
}

function assertEpochMs(value: number): void {
  assert(Number.isSafeInteger(value) && value >= 0, 'passkey time must be epoch milliseconds');
}
