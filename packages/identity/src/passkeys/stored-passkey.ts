import type { PasskeyTransport } from './passkey-response.js';

/**
 * A registered passkey as the service stores it: plain JSON, no secret in it (the private key
 * never leaves the authenticator). The service keeps it under the user and updates `counter` and
 * `backedUp` after every successful sign-in.
 */
export interface StoredPasskey {
  /** The credential id (base64url); unique across users, the lookup key for sign-in. */
  readonly credentialId: string;
  /** The credential public key as a COSE_Key (base64url). */
  readonly publicKey: string;
  /** The last signature counter seen; 0 for authenticators that keep none. */
  readonly counter: number;
  /** Transport hints from the browser, passed back at sign-in so it knows where to look. */
  readonly transports: readonly PasskeyTransport[];
  /** Whether the passkey is currently synced to a backup (a cloud keychain). */
  readonly backedUp: boolean;
  /** `multiDevice` for passkeys that may be synced, `singleDevice` for device-bound keys. */
  readonly deviceType: 'singleDevice' | 'multiDevice';
  /** Epoch milliseconds of registration. */
  readonly createdAtMs: number;
  /**
   * The authenticator model's AAGUID as a UUID. Attestation is not requested, so it is the
   * authenticator's own claim: good for naming the passkey in a list, not for trusting it.
   */
  readonly aaguid: string;
}
