import { assert } from '@strongroom/kernel';
import { parseCheckpointBody } from './checkpoint-body.js';
import type { NoteSigner } from './note-signer.js';
import { utf8Bytes } from './note-text.js';
import { formatSignedNote, SIGNED_NOTE_SIGNATURES_MAX } from './signed-note.js';

/**
 * Signs a checkpoint body (from `formatCheckpointBody`) with every signer, in order, and returns the
 * signed note. Several signers are how a log rotates keys: it signs with the old and the new key
 * until every client trusts the new one. A body that does not parse, no signer, or two signers with
 * the same name and key ID are programmer errors and throw.
 */
export function signCheckpoint(body: string, signers: readonly NoteSigner[]): string {
  assert(parseCheckpointBody(body).isOk(), 'only a well-formed checkpoint body is signed');
  assert(signers.length > 0, 'a checkpoint needs at least one signer');
  assert(signers.length <= SIGNED_NOTE_SIGNATURES_MAX, 'too many signers for one note');
  const keys = new Set(signers.map((signer) => `${signer.name}+${signer.keyId}`));
  assert(keys.size === signers.length, 'each signer must have its own name and key ID');
  const message = utf8Bytes(body);
  const signatures = signers.map((signer) => ({
    name: signer.name,
    keyId: signer.keyId,
    signature: signer.sign(message),
  }));
  return formatSignedNote(body, signatures);
}
