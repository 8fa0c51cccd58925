import { ed25519 } from '@noble/curves/ed25519.js';
import { assert } from '@strongroom/kernel';
import { isValidKeyName } from './key-name.js';
import { NOTE_SIGNATURE_TYPE_ED25519 } from './note-key-id.js';
import { createNoteVerifier, type NoteVerifier } from './note-verifier.js';

/** The length of an Ed25519 private key seed in bytes. */
export const ED25519_SEED_BYTES = 32;

/** Anything that can add a signature line to a note: a log key, a witness's cosigner, an HSM. */
export interface NoteSigner {
  /** The key name written on the signature line. */
  readonly name: string;
  /** The key ID written on the signature line. */
  readonly keyId: number;
  /** Signs the note text's UTF-8 bytes; returns the bytes written after the key ID. */
  sign(message: Uint8Array): Uint8Array;
}

/** A signer holding an Ed25519 note key (type 0x01), with the public half ready to publish. */
export interface Ed25519NoteSigner extends NoteSigner {
  /** The verifier key to publish, e.g. to witnesses and clients. */
  readonly vkey: string;
  /** The matching verifier. */
  readonly verifier: NoteVerifier;
}

/**
 * Creates an Ed25519 note signer from a 32-byte seed (RFC 8032 private key). The seed is copied
 * and kept only in a closure: it is not a property, so `JSON.stringify`, `String` and inspection of
 * the signer show the name, key ID and vkey and nothing secret. A bad name or seed length is a
 * programmer error and throws without echoing either.
 */
export function createNoteSigner(options: { name: string; seed: Uint8Array }): Ed25519NoteSigner {
  const { name } = options;
  assert(isValidKeyName(name), 'a note key name must be non-empty without white space or +');
  const secret = copySeed(options.seed);
  const verifier = createNoteVerifier({
    name,
    signatureType: NOTE_SIGNATURE_TYPE_ED25519,
    publicKey: ed25519.getPublicKey(secret),
  });
  const { keyId, vkey } = verifier;
  return Object.freeze({
    name,
    keyId,
    vkey,
    verifier,
    sign: (message: Uint8Array): Uint8Array => ed25519.sign(message, secret),
    toJSON: () => ({ name, keyId, vkey }),
    toString: () => `NoteSigner(${vkey})`,
  });
}

/** Checks and copies an Ed25519 seed, so a caller wiping or reusing its array cannot change the key. */
export function copySeed(seed: Uint8Array): Uint8Array {
  assert(
    seed instanceof Uint8Array && seed.length === ED25519_SEED_BYTES,
    'an Ed25519 seed is a Uint8Array of 32 bytes',
  );
  return seed.slice();
}
