import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { assert, type Clock } from '@strongroom/kernel';
import { parseCheckpointBody } from './checkpoint-body.js';
import { formatCosignedMessage } from './cosigned-message.js';
import { isValidKeyName } from './key-name.js';
import { NOTE_SIGNATURE_TYPE_COSIGNATURE_V1 } from './note-key-id.js';
import { copySeed, type NoteSigner } from './note-signer.js';
import { decodeUtf8 } from './note-text.js';
import { createNoteVerifier, type NoteVerifier } from './note-verifier.js';

/** A witness's key producing timestamped Ed25519 cosignatures (C2SP tlog-cosignature v1, type 0x04). */
export interface Cosigner extends NoteSigner {
  /** The cosigner's verifier key (type 0x04) to give to logs and clients. */
  readonly vkey: string;
  /** The matching verifier. */
  readonly verifier: NoteVerifier;
}

/**
 * Creates a v1 cosigner from a 32-byte Ed25519 seed, for running a witness or testing against one.
 * `sign(checkpointBody)` returns the 8-byte big-endian timestamp (whole seconds from `clock`) followed
 * by the Ed25519 signature of `cosignature/v1\ntime <seconds>\n<body>`. The v1 message does not name
 * the cosigner, so each cosigner needs its own key. The seed stays in a closure, as for
 * `createNoteSigner`; signing anything but a checkpoint body is a programmer error and throws.
 */
export function createCosigner(options: {
  name: string;
  seed: Uint8Array;
  clock: Clock;
}): Cosigner {
  const { name, clock } = options;
  assert(isValidKeyName(name), 'a cosigner name must be non-empty without white space or +');
  const secret = copySeed(options.seed);
  const verifier = createNoteVerifier({
    name,
    signatureType: NOTE_SIGNATURE_TYPE_COSIGNATURE_V1,
    publicKey: ed25519.getPublicKey(secret),
  });
  const { keyId, vkey } = verifier;
  const sign = (message: Uint8Array): Uint8Array => {
    const body = decodeUtf8(message);
    assert(
      body !== undefined && parseCheckpointBody(body).isOk(),
      'a cosigner signs checkpoint bodies only',
    );
    const timestampSeconds = Math.floor(clock.now().getTime() / 1000);
    assert(
      Number.isSafeInteger(timestampSeconds) && timestampSeconds >= 0,
      'a cosignature time is after 1970',
    );
    const timestamp = new Uint8Array(8);
    new DataView(timestamp.buffer).setBigUint64(0, BigInt(timestampSeconds), false);
    const signed = formatCosignedMessage(BigInt(timestampSeconds), message);
    return concatBytes(timestamp, ed25519.sign(signed, secret));
  };
  return Object.freeze({
    name,
    keyId,
    vkey,
    verifier,
    sign,
    toJSON: () => ({ name, keyId, vkey }),
    toString: () => `Cosigner(${vkey})`,
  });
}
