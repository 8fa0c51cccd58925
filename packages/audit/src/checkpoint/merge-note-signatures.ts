import { err, ok, type Result } from '@strongroom/kernel';
import { type MalformedNoteError, malformedNote } from './note-error.js';
import type { NoteSignature } from './note-signature.js';
import {
  formatSignatureLine,
  formatSignedNote,
  SIGNED_NOTE_SIGNATURES_MAX,
  type SignedNote,
} from './signed-note.js';

/**
 * Adds signature lines to a note, e.g. witness cosignatures to the log's checkpoint, skipping
 * lines the note already has. It trusts nothing: verify the added signatures before merging them.
 */
export function mergeNoteSignatures(
  note: SignedNote,
  added: readonly NoteSignature[],
): Result<string, MalformedNoteError> {
  const lines = new Set(note.signatures.map(formatSignatureLine));
  const merged = [...note.signatures];
  for (const signature of added) {
    const line = formatSignatureLine(signature);
    if (lines.has(line)) continue;
    lines.add(line);
    merged.push(signature);
  }
  if (merged.length > SIGNED_NOTE_SIGNATURES_MAX) return err(malformedNote('too_many_signatures'));
  return ok(formatSignedNote(note.text, merged));
}
