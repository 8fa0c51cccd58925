import { err, ok, type Result } from '@strongroom/kernel';
import { parseCheckpointBody } from './checkpoint-body.js';
import type { CheckpointError } from './checkpoint-error.js';
import type { CosignatureError } from './cosignature-error.js';
import type { InvalidVerifierKeyError, NoteError } from './note-error.js';
import { NOTE_SIGNATURE_TYPE_COSIGNATURE_V1 } from './note-key-id.js';
import { type NoteVerifier, parseVerifierKey } from './note-verifier.js';
import { parseSignedNote, type SignedNote } from './signed-note.js';
import { verifySignedNote } from './verify-signed-note.js';

/** A verified v1 cosignature: which witness vouched for the checkpoint, and when. */
export interface VerifiedCosignature {
  /** The cosigner's key name. */
  readonly name: string;
  /** The cosigner's key ID. */
  readonly keyId: number;
  /** When the witness cosigned, in whole seconds since the Unix epoch, as the witness claims. */
  readonly timestampSeconds: number;
}

/**
 * Checks that a checkpoint note carries a valid v1 Ed25519 cosignature from the given cosigner
 * (a type 0x04 vkey or verifier) and returns its timestamp. Only the cosignature is checked: open
 * the checkpoint with the log's keys too. A failing line from this cosigner refuses the note; other
 * signature lines are ignored. When the cosigner signed twice, the first line counts.
 */
export function verifyCosignature(
  checkpointNote: string | Uint8Array | SignedNote,
  cosigner: string | NoteVerifier,
): Result<
  VerifiedCosignature,
  CosignatureError | NoteError | CheckpointError | InvalidVerifierKeyError
> {
  const verifier = typeof cosigner === 'string' ? parseVerifierKey(cosigner) : ok(cosigner);
  if (verifier.isErr()) return err(verifier.error);
  if (verifier.value.signatureType !== NOTE_SIGNATURE_TYPE_COSIGNATURE_V1) {
    return err({ type: 'cosignature.wrong_key_type' });
  }
  const note =
    typeof checkpointNote === 'string' || checkpointNote instanceof Uint8Array
      ? parseSignedNote(checkpointNote)
      : ok(checkpointNote);
  if (note.isErr()) return err(note.error);
  // A cosignature states something about a checkpoint; over any other text it means nothing.
  const body = parseCheckpointBody(note.value.text);
  if (body.isErr()) return err(body.error);
  const verified = verifySignedNote(note.value, [verifier.value]);
  if (verified.isErr()) {
    return err(
      verified.error.type === 'note.unverified' ? { type: 'cosignature.missing' } : verified.error,
    );
  }
  const [signature] = verified.value.verifiedSignatures;
  if (signature === undefined) return err({ type: 'cosignature.missing' });
  const view = new DataView(
    signature.signature.buffer,
    signature.signature.byteOffset,
    signature.signature.byteLength,
  );
  const timestamp = view.getBigUint64(0, false);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    return err({ type: 'cosignature.timestamp_out_of_range' });
  }
  return ok({ name: signature.name, keyId: signature.keyId, timestampSeconds: Number(timestamp) });
}
