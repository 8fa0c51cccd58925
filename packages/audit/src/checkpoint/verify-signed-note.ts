import { err, ok, type Result } from '@strongroom/kernel';
import type { NoteError } from './note-error.js';
import type { NoteSignature } from './note-signature.js';
import { utf8Bytes } from './note-text.js';
import type { NoteVerifier } from './note-verifier.js';
import { parseSignedNote, type SignedNote } from './signed-note.js';

/** A note whose text is vouched for by at least one trusted key. */
export interface VerifiedNote {
  /** The note text, trusted now. */
  readonly text: string;
  /** Signatures of trusted keys that verified, one per key (duplicate lines collapsed). */
  readonly verifiedSignatures: readonly NoteSignature[];
  /** Signatures of keys not in the trusted list, kept unverified and untouched. */
  readonly unverifiedSignatures: readonly NoteSignature[];
}

/**
 * Verifies a signed note against trusted keys, following C2SP signed-note: a signature whose
 * (name, key ID) matches no trusted key is ignored; a matching signature that fails refuses the whole
 * note (`note.invalid_signature`, the spec's SHOULD); a note with no verified trusted signature is
 * refused (`note.unverified`). Identical trusted keys listed twice count once; two different keys
 * with the same name and ID make any note they would judge `note.ambiguous_key`.
 */
export function verifySignedNote(
  note: string | Uint8Array | SignedNote,
  verifiers: readonly NoteVerifier[],
): Result<VerifiedNote, NoteError> {
  const parsed =
    typeof note === 'string' || note instanceof Uint8Array ? parseSignedNote(note) : ok(note);
  if (parsed.isErr()) return err(parsed.error);
  const { text, signatures } = parsed.value;
  const message = utf8Bytes(text);
  const verifiedSignatures: NoteSignature[] = [];
  const unverifiedSignatures: NoteSignature[] = [];
  const verifiedKeys = new Set<string>();
  for (const signature of signatures) {
    const candidates = matchingVerifiers(verifiers, signature);
    if (candidates.length === 0) {
      unverifiedSignatures.push(signature);
      continue;
    }
    const [verifier] = candidates;
    if (verifier === undefined || candidates.length > 1) {
      return err({ type: 'note.ambiguous_key', name: signature.name, keyId: signature.keyId });
    }
    if (!verifier.verify(message, signature.signature)) {
      return err({ type: 'note.invalid_signature', name: verifier.name, keyId: verifier.keyId });
    }
    if (!verifiedKeys.has(verifier.vkey)) {
      verifiedKeys.add(verifier.vkey);
      verifiedSignatures.push(signature);
    }
  }
  if (verifiedSignatures.length === 0) return err({ type: 'note.unverified' });
  return ok({ text, verifiedSignatures, unverifiedSignatures });
}

// Distinct keys (by vkey) whose name and key ID both match the signature line.
function matchingVerifiers(
  verifiers: readonly NoteVerifier[],
  signature: NoteSignature,
): NoteVerifier[] {
  const byVkey = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    if (verifier.name === signature.name && verifier.keyId === signature.keyId) {
      byVkey.set(verifier.vkey, verifier);
    }
  }
  return [...byVkey.values()];
}
