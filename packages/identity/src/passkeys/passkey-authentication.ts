import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { err, ok, type Result } from '@strongroom/kernel';
import {
  isPasskeyChallengeExpired,
  issuePasskeyChallenge,
  type PasskeyChallenge,
} from './passkey-challenge.js';
import { type PasskeyFailedError, passkeyFailed, verifyWithLibrary } from './passkey-error.js';
import {
  assertPasskeyCredentialIds,
  assertPasskeyRelyingParty,
  PASSKEY_USER_VERIFICATION,
  type PasskeyRelyingParty,
  passkeyChallengeLifetimeMs,
} from './passkey-options.js';
import { readAuthenticationResponse } from './passkey-response.js';
import type { StoredPasskey } from './stored-passkey.js';

/** What {@link startPasskeyAuthentication} needs. */
export interface StartPasskeyAuthenticationInput {
  readonly relyingParty: PasskeyRelyingParty;
  /**
   * The credential ids of a user already named (a step-up, a re-authentication). Absent for
   * sign-in without a name: the browser then offers every passkey it holds for the RP ID.
   */
  readonly allowCredentialIds?: readonly string[];
  readonly nowMs: number;
}

/** Options for the browser's `navigator.credentials.get()`, and the challenge to store. */
export interface PasskeyAuthenticationStart {
  readonly options: PublicKeyCredentialRequestOptionsJSON;
  readonly challenge: PasskeyChallenge;
}

/** Begins a passkey sign-in: a fresh challenge and the request options. */
export async function startPasskeyAuthentication(
  input: StartPasskeyAuthenticationInput,
): Promise<PasskeyAuthenticationStart> {
  const { relyingParty, allowCredentialIds, nowMs } = input;
  assertPasskeyRelyingParty(relyingParty);
  assertPasskeyCredentialIds(allowCredentialIds ?? []);
  const lifetimeMs = passkeyChallengeLifetimeMs(relyingParty);
  const { bytes, challenge } = issuePasskeyChallenge(nowMs, lifetimeMs);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty.id,
    challenge: bytes,
    timeout: lifetimeMs,
    userVerification: PASSKEY_USER_VERIFICATION,
    ...(allowCredentialIds === undefined
      ? {}
      : { allowCredentials: allowCredentialIds.map((id) => ({ id })) }),
  });
  return { options, challenge };
}

/** What {@link finishPasskeyAuthentication} needs. */
export interface FinishPasskeyAuthenticationInput {
  readonly relyingParty: PasskeyRelyingParty;
  /** The browser's `AuthenticationResponseJSON`, unparsed: anything may arrive here. */
  readonly response: unknown;
  /** The challenge stored by {@link startPasskeyAuthentication}; delete it after this call. */
  readonly challenge: PasskeyChallenge;
  /** The passkey the service found under the response's credential id. */
  readonly passkey: StoredPasskey;
  readonly nowMs: number;
}

/** A verified sign-in: the values to write back to the stored passkey. */
export interface PasskeyAuthenticationSuccess {
  readonly newCounter: number;
  /** The passkey's current backup state, which may change after registration. */
  readonly backedUp: boolean;
}

/**
 * Verifies a sign-in response against the stored passkey. The service looks the passkey up by
 * the response's credential id and, on success, stores `newCounter` and `backedUp`.
 */
export async function finishPasskeyAuthentication(
  input: FinishPasskeyAuthenticationInput,
): Promise<Result<PasskeyAuthenticationSuccess, PasskeyFailedError>> {
  const { relyingParty, challenge, passkey, nowMs } = input;
  assertPasskeyRelyingParty(relyingParty);
  if (isPasskeyChallengeExpired(challenge, nowMs)) return err(passkeyFailed('challenge_expired'));
  const response = readAuthenticationResponse(input.response);
  if (response === undefined) return err(passkeyFailed('malformed'));
  if (response.id !== passkey.credentialId) return err(passkeyFailed('not_allowed'));
  const verification = await verifyWithLibrary(() =>
    verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.value,
      expectedOrigin: [...relyingParty.origins],
      expectedRPID: relyingParty.id,
      // The library compares counters before it checks the signature. Given 0 its comparison
      // never fires; ours below runs on signed data only, so a forged response cannot make a
      // passkey look cloned.
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: 0,
      },
      requireUserVerification: true,
    }),
  );
  if (verification.isErr()) return err(verification.error);
  const { verified, authenticationInfo } = verification.value;
  if (!verified) return err(passkeyFailed('bad_signature'));
  if (counterRegressed(passkey.counter, authenticationInfo.newCounter)) {
    return err(passkeyFailed('counter_regressed'));
  }
  return ok({
    newCounter: authenticationInfo.newCounter,
    backedUp: authenticationInfo.credentialBackedUp,
  });
}

/** WebAuthn §6.1.1: once either counter is non-zero, the new one must exceed the stored one. */
function counterRegressed(storedCounter: number, newCounter: number): boolean {
  return (storedCounter > 0 || newCounter > 0) && newCounter <= storedCounter;
}
