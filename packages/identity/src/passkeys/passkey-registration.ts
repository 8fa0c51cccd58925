import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type VerifiedRegistrationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { assert, err, ok, type Result } from '@strongroom/kernel';
import {
  isPasskeyChallengeExpired,
  issuePasskeyChallenge,
  type PasskeyChallenge,
} from './passkey-challenge.js';
import {
  type PasskeyFailedError,
  type PasskeyLimitReachedError,
  passkeyFailed,
  verifyWithLibrary,
} from './passkey-error.js';
import {
  assertPasskeyCredentialIds,
  assertPasskeyRelyingParty,
  PASSKEY_ALGORITHM_IDS,
  PASSKEY_USER_ID_MAX_BYTES,
  PASSKEY_USER_NAME_MAX_LENGTH,
  PASSKEY_USER_VERIFICATION,
  PASSKEYS_PER_USER_MAX,
  type PasskeyRelyingParty,
  passkeyChallengeLifetimeMs,
} from './passkey-options.js';
import { type PasskeyTransport, readRegistrationResponse } from './passkey-response.js';
import type { StoredPasskey } from './stored-passkey.js';

/** The account a passkey is created for. */
export interface PasskeyUser {
  /** The user id (`usr_…`); it becomes the WebAuthn user handle, so it must hold no personal data. */
  readonly id: string;
  /** The handle the authenticator shows to tell accounts apart; not necessarily an email. */
  readonly name: string;
}

/** What {@link startPasskeyRegistration} needs. */
export interface StartPasskeyRegistrationInput {
  readonly relyingParty: PasskeyRelyingParty;
  readonly user: PasskeyUser;
  /** The user's registered credential ids, so an authenticator does not register twice. */
  readonly existingCredentialIds: readonly string[];
  readonly nowMs: number;
}

/** Options for the browser's `navigator.credentials.create()`, and the challenge to store. */
export interface PasskeyRegistrationStart {
  readonly options: PublicKeyCredentialCreationOptionsJSON;
  readonly challenge: PasskeyChallenge;
}

/**
 * Begins adding a passkey: a fresh challenge and the creation options. Discoverable credentials
 * are preferred (sign-in without typing a name) but not required, so security keys without
 * storage still work; user verification is required (see {@link PASSKEY_USER_VERIFICATION}).
 */
export async function startPasskeyRegistration(
  input: StartPasskeyRegistrationInput,
): Promise<Result<PasskeyRegistrationStart, PasskeyLimitReachedError>> {
  const { relyingParty, user, existingCredentialIds, nowMs } = input;
  assertPasskeyRelyingParty(relyingParty);
  const userId = new TextEncoder().encode(user.id);
  assert(userId.length > 0 && userId.length <= PASSKEY_USER_ID_MAX_BYTES, 'bad passkey user id');
  assert(
    user.name.length > 0 && user.name.length <= PASSKEY_USER_NAME_MAX_LENGTH,
    'bad passkey user name',
  );
  if (existingCredentialIds.length >= PASSKEYS_PER_USER_MAX) {
    return err({ type: 'identity.passkey_limit_reached', maximum: PASSKEYS_PER_USER_MAX });
  }
  assertPasskeyCredentialIds(existingCredentialIds);
  const lifetimeMs = passkeyChallengeLifetimeMs(relyingParty);
  const { bytes, challenge } = issuePasskeyChallenge(nowMs, lifetimeMs);
  const options = await generateRegistrationOptions({
    rpName: relyingParty.name,
    rpID: relyingParty.id,
    userID: userId,
    userName: user.name,
    userDisplayName: user.name,
    challenge: bytes,
    timeout: lifetimeMs,
    attestationType: 'none',
    excludeCredentials: existingCredentialIds.map((id) => ({ id })),
    authenticatorSelection: {
      residentKey: 'preferred',
      userVerification: PASSKEY_USER_VERIFICATION,
    },
    supportedAlgorithmIDs: [...PASSKEY_ALGORITHM_IDS],
  });
  return ok({ options, challenge });
}

/** What {@link finishPasskeyRegistration} needs. */
export interface FinishPasskeyRegistrationInput {
  readonly relyingParty: PasskeyRelyingParty;
  /** The browser's `RegistrationResponseJSON`, unparsed: anything may arrive here. */
  readonly response: unknown;
  /** The challenge stored by {@link startPasskeyRegistration}; delete it after this call. */
  readonly challenge: PasskeyChallenge;
  readonly nowMs: number;
}

/**
 * Verifies a registration response and returns the passkey to store. The service must still
 * refuse a credential id that is already registered, to this user or any other.
 */
export async function finishPasskeyRegistration(
  input: FinishPasskeyRegistrationInput,
): Promise<Result<StoredPasskey, PasskeyFailedError>> {
  const { relyingParty, challenge, nowMs } = input;
  assertPasskeyRelyingParty(relyingParty);
  if (isPasskeyChallengeExpired(challenge, nowMs)) return err(passkeyFailed('challenge_expired'));
  const response = readRegistrationResponse(input.response);
  if (response === undefined) return err(passkeyFailed('malformed'));
  const verification = await verifyWithLibrary(() =>
    verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.value,
      expectedOrigin: [...relyingParty.origins],
      expectedRPID: relyingParty.id,
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: [...PASSKEY_ALGORITHM_IDS],
    }),
  );
  if (verification.isErr()) return err(verification.error);
  const result = verification.value;
  if (!result.verified) return err(passkeyFailed('bad_signature'));
  // The id the browser reports must be the one inside the authenticator data.
  if (result.registrationInfo.credential.id !== response.id) return err(passkeyFailed('malformed'));
  return ok(storedPasskeyOf(result.registrationInfo, response.response.transports, nowMs));
}

type RegistrationInfo = Extract<
  VerifiedRegistrationResponse,
  { verified: true }
>['registrationInfo'];

function storedPasskeyOf(
  info: RegistrationInfo,
  transports: readonly PasskeyTransport[],
  nowMs: number,
): StoredPasskey {
  return {
    credentialId: info.credential.id,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: info.credential.counter,
    transports,
    backedUp: info.credentialBackedUp,
    deviceType: info.credentialDeviceType,
    createdAtMs: nowMs,
    aaguid: info.aaguid,
  };
}
