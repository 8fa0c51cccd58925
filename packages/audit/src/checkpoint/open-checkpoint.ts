import { assert, err, ok, type Result } from '@strongroom/kernel';
import { type ParsedCheckpointBody, parseCheckpointBody } from './checkpoint-body.js';
import type { CheckpointError } from './checkpoint-error.js';
import type { NoteError } from './note-error.js';
import { NOTE_SIGNATURE_TYPE_ED25519 } from './note-key-id.js';
import type { NoteSignature } from './note-signature.js';
import type { NoteVerifier } from './note-verifier.js';
import type { SignedNote } from './signed-note.js';
import { verifySignedNote } from './verify-signed-note.js';

/** A checkpoint whose body a trusted log key vouches for. */
export interface OpenedCheckpoint extends ParsedCheckpointBody {
  /** The verified signatures of trusted log keys (several during a key rotation). */
  readonly signatures: readonly NoteSignature[];
  /** The other signature lines, e.g. witness cosignatures, for `verifyCosignature`; unverified. */
  readonly unverifiedSignatures: readonly NoteSignature[];
}

/**
 * Verifies a signed checkpoint against the log's trusted keys and reads its body. Any one trusted
 * key suffices, so trusting the old and the new key bridges a rotation; a signature of a trusted key
 * that fails refuses the note. Trusted keys must be log keys (type 0x01): passing a witness key
 * would let a cosignature alone vouch for a checkpoint, so it is a programmer error and throws.
 */
export function openCheckpoint(
  note: string | Uint8Array | SignedNote,
  trustedVerifiers: readonly NoteVerifier[],
): Result<OpenedCheckpoint, NoteError | CheckpointError> {
  assert(
    trustedVerifiers.every((verifier) => verifier.signatureType === NOTE_SIGNATURE_TYPE_ED25519),
    'a checkpoint is opened with log keys (type 0x01); check cosignatures with verifyCosignature',
  );
  const verified = verifySignedNote(note, trustedVerifiers);
  if (verified.isErr()) return err(verified.error);
  const body = parseCheckpointBody(verified.value.text);
  if (body.isErr()) return err(body.error);
  return ok({
    ...body.value,
    signatures: verified.value.verifiedSignatures,
    unverifiedSignatures: verified.value.unverifiedSignatures,
  });
}
