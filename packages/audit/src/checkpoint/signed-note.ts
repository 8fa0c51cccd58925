import { assert, err, ok, type Result } from '@strongroom/kernel';
import { decodeBase64, encodeBase64 } from './base64.js';
import { isValidKeyName } from './key-name.js';
import { type MalformedNoteError, malformedNote } from './note-error.js';
import { readKeyId } from './note-key-id.js';
import type { NoteSignature } from './note-signature.js';
import { checkNoteCharacters, decodeUtf8, utf8Bytes } from './note-text.js';

/**
 * The largest signed note read, in bytes of UTF-8 (1 MiB). Checkpoints are a few hundred bytes;
 * the bound only stops hostile input before any parsing.
 */
export const SIGNED_NOTE_BYTES_MAX = 1024 * 1024;

/**
 * The most signature lines a note may have: the same limit as golang.org/x/mod's note package,
 * well above the 16 that C2SP signed-note requires verifiers to accept.
 */
export const SIGNED_NOTE_SIGNATURES_MAX = 100;

/** A signed note split into its text and its signature lines; nothing in it is verified yet. */
export interface SignedNote {
  /** The text, ending with a newline, without the blank separator line. */
  readonly text: string;
  /** The signature lines in the order they appear. */
  readonly signatures: readonly NoteSignature[];
}

const EM_DASH_SPACE = '\u2014 ';

/**
 * Formats one signature line, `— <name> <base64(key ID ‖ signature)>\n`. An invalid name or an
 * empty signature is a programmer error and throws.
 */
export function formatSignatureLine(signature: NoteSignature): string {
  assert(isValidKeyName(signature.name), 'a signature needs a valid key name');
  assert(signature.signature.length > 0, 'a signature needs at least one byte after the key ID');
  assert(
    Number.isInteger(signature.keyId) && signature.keyId >= 0 && signature.keyId <= 0xffffffff,
    'a key ID is a uint32',
  );
  const blob = new Uint8Array(4 + signature.signature.length);
  new DataView(blob.buffer).setUint32(0, signature.keyId, false);
  blob.set(signature.signature, 4);
  return `${EM_DASH_SPACE}${signature.name} ${encodeBase64(blob)}\n`;
}

/**
 * Formats a signed note: the text, a blank line, one line per signature. The text must be valid
 * note text ending with a newline and there must be 1 to `SIGNED_NOTE_SIGNATURES_MAX` signatures;
 * anything else is a programmer error and throws.
 */
export function formatSignedNote(text: string, signatures: readonly NoteSignature[]): string {
  assert(text.endsWith('\n'), 'note text must end with a newline');
  assert(
    checkNoteCharacters(text) === undefined,
    'note text must be UTF-8 without control characters',
  );
  assert(signatures.length > 0, 'a signed note needs at least one signature');
  assert(signatures.length <= SIGNED_NOTE_SIGNATURES_MAX, 'too many signatures for one note');
  return `${text}\n${signatures.map(formatSignatureLine).join('')}`;
}

/**
 * Parses a signed note (C2SP signed-note v1.0.0) without verifying it. Bytes must be strict UTF-8
 * (a leading byte-order mark is kept as text); the note must have no control character but newline,
 * end with a newline, and its last blank line separates the text from 1 to
 * `SIGNED_NOTE_SIGNATURES_MAX` lines `— <name> <base64(key ID ‖ signature)>`.
 */
export function parseSignedNote(note: string | Uint8Array): Result<SignedNote, MalformedNoteError> {
  const decoded = decodeNote(note);
  if (decoded.isErr()) return err(decoded.error);
  const text = decoded.value;
  const characterProblem = checkNoteCharacters(text);
  if (characterProblem !== undefined) return err(malformedNote(characterProblem));
  if (!text.endsWith('\n')) return err(malformedNote('missing_final_newline'));
  const split = text.lastIndexOf('\n\n');
  if (split < 0) return err(malformedNote('missing_blank_line'));
  const signatureBlock = text.slice(split + 2);
  if (signatureBlock.length === 0) return err(malformedNote('no_signatures'));
  // The block ends with a newline, so splitting leaves one empty string after the last line.
  const lines = signatureBlock.split('\n');
  lines.pop();
  if (lines.length > SIGNED_NOTE_SIGNATURES_MAX) return err(malformedNote('too_many_signatures'));
  const signatures: NoteSignature[] = [];
  for (const [index, line] of lines.entries()) {
    const signature = parseSignatureLine(line, index + 1);
    if (signature.isErr()) return err(signature.error);
    signatures.push(signature.value);
  }
  return ok({ text: text.slice(0, split + 1), signatures });
}

/**
 * Parses one signature line without its newline. `position` is only used to say which line was
 * refused.
 */
export function parseSignatureLine(
  line: string,
  position: number,
): Result<NoteSignature, MalformedNoteError> {
  if (!line.startsWith(EM_DASH_SPACE)) return err(malformedNote('bad_signature_line', position));
  const rest = line.slice(EM_DASH_SPACE.length);
  // Names hold no spaces, so the first space ends the name.
  const space = rest.indexOf(' ');
  if (space < 0) return err(malformedNote('bad_signature_line', position));
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) return err(malformedNote('bad_key_name', position));
  const blob = decodeBase64(rest.slice(space + 1));
  if (blob === undefined) return err(malformedNote('bad_base64', position));
  if (blob.length < 5) return err(malformedNote('short_signature', position));
  return ok({ name, keyId: readKeyId(blob, 0), signature: blob.slice(4) });
}

function decodeNote(note: string | Uint8Array): Result<string, MalformedNoteError> {
  if (typeof note === 'string') {
    // UTF-8 never has fewer bytes than UTF-16 code units, so this refuses huge strings unencoded.
    if (note.length > SIGNED_NOTE_BYTES_MAX) return err(malformedNote('too_large'));
    if (!note.isWellFormed()) return err(malformedNote('bad_utf8'));
    if (utf8Bytes(note).length > SIGNED_NOTE_BYTES_MAX) return err(malformedNote('too_large'));
    return ok(note);
  }
  if (note.length > SIGNED_NOTE_BYTES_MAX) return err(malformedNote('too_large'));
  const text = decodeUtf8(note);
  return text === undefined ? err(malformedNote('bad_utf8')) : ok(text);
}
