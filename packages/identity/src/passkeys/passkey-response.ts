import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import {
  PASSKEY_CREDENTIAL_ID_MAX_LENGTH,
  PASSKEY_RESPONSE_FIELD_MAX_LENGTH,
} from './passkey-options.js';

/** Transports a browser may report for a credential (WebAuthn's AuthenticatorTransport). */
export const PASSKEY_TRANSPORTS = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
] as const;

/** One transport hint, kept so sign-in can tell the browser where to look for the passkey. */
export type PasskeyTransport = (typeof PASSKEY_TRANSPORTS)[number];

/** Most transport entries read from a response; WebAuthn defines seven. */
export const PASSKEY_TRANSPORTS_MAX = 16;

type JsonRecord = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBase64UrlField(value: unknown, maxLength: number): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= maxLength &&
    isoBase64URL.isBase64URL(value)
  );
}

function isField(value: unknown): value is string {
  return isBase64UrlField(value, PASSKEY_RESPONSE_FIELD_MAX_LENGTH);
}

/**
 * Keeps the transports WebAuthn defines, once each, dropping names from newer specs; `undefined`
 * when the list is not a bounded array.
 */
function readTransports(value: unknown): PasskeyTransport[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > PASSKEY_TRANSPORTS_MAX) return undefined;
  return PASSKEY_TRANSPORTS.filter((transport) => value.includes(transport));
}

/** The credential part shared by both ceremonies, or `undefined` when it is not well formed. */
function readCredential(input: unknown): { id: string; response: JsonRecord } | undefined {
  if (!isRecord(input) || !isRecord(input['response'])) return undefined;
  const { id, rawId, type } = input;
  if (!isBase64UrlField(id, PASSKEY_CREDENTIAL_ID_MAX_LENGTH) || rawId !== id) return undefined;
  if (type !== 'public-key') return undefined;
  return { id, response: input['response'] };
}

/** A registration response whose transports are only those WebAuthn defines. */
export type PasskeyRegistrationResponse = RegistrationResponseJSON & {
  readonly response: { readonly transports: PasskeyTransport[] };
};

/**
 * Reads a registration response from outside into a fresh object holding only the fields the
 * library verifies, each a bounded base64url string. `undefined` means malformed. Whether the
 * bytes inside make sense is the library's job.
 */
export function readRegistrationResponse(input: unknown): PasskeyRegistrationResponse | undefined {
  const credential = readCredential(input);
  if (credential === undefined) return undefined;
  const { clientDataJSON, attestationObject } = credential.response;
  const transports = readTransports(credential.response['transports']);
  if (!isField(clientDataJSON) || !isField(attestationObject) || transports === undefined) {
    return undefined;
  }
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    response: { clientDataJSON, attestationObject, transports },
    clientExtensionResults: {},
  };
}

/** Reads an authentication response from outside, like {@link readRegistrationResponse}. */
export function readAuthenticationResponse(input: unknown): AuthenticationResponseJSON | undefined {
  const credential = readCredential(input);
  if (credential === undefined) return undefined;
  const { clientDataJSON, authenticatorData, signature, userHandle } = credential.response;
  if (!isField(clientDataJSON) || !isField(authenticatorData) || !isField(signature)) {
    return undefined;
  }
  if (userHandle !== undefined && userHandle !== null && !isField(userHandle)) return undefined;
  return {
    id: credential.id,
    rawId: credential.id,
    type: 'public-key',
    response: {
      clientDataJSON,
      authenticatorData,
      signature,
      ...(typeof userHandle === 'string' ? { userHandle } : {}),
    },
    clientExtensionResults: {},
  };
}
