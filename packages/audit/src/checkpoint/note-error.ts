import type { DomainError } from '@strongroom/kernel';

/** Why a signed note could not be parsed: a stable code to switch on. */
export type MalformedNoteReason =
  /** The note is longer than `SIGNED_NOTE_BYTES_MAX` bytes of UTF-8. */
  | 'too_large'
  /** The bytes are not valid UTF-8, or the string holds a lone surrogate. */
  | 'bad_utf8'
  /** The note holds an ASCII control character other than newline (a tab, a CR, NUL, …). */
  | 'control_character'
  /** The note does not end with a newline, or its text part is not newline-terminated. */
  | 'missing_final_newline'
  /** There is no blank line separating the text from the signatures. */
  | 'missing_blank_line'
  /** The blank line is not followed by any signature line. */
  | 'no_signatures'
  /** A line after the blank line is not `— <name> <base64>`. */
  | 'bad_signature_line'
  /** A signature line's key name is empty or holds white space or `+`. */
  | 'bad_key_name'
  /** A signature line's signature is not canonical padded standard base64. */
  | 'bad_base64'
  /** A signature decodes to fewer than five bytes: a four-byte key ID and at least one more. */
  | 'short_signature'
  /** The note has more than `SIGNED_NOTE_SIGNATURES_MAX` signature lines. */
  | 'too_many_signatures';

/** A signed note is not well formed; nothing of it was trusted. */
export interface MalformedNoteError extends DomainError<'note.malformed'> {
  readonly reason: MalformedNoteReason;
  /** The 1-based position of the offending signature line, for reasons about one line. */
  readonly signatureLine?: number;
}

/** A signature from a trusted key (same name and key ID) did not verify, so the whole note is refused. */
export interface InvalidNoteSignatureError extends DomainError<'note.invalid_signature'> {
  /** The trusted key's name (configured by the caller, so safe to log). */
  readonly name: string;
  readonly keyId: number;
}

/** No signature of the note is from a trusted key, so its text must be ignored. */
export interface UnverifiedNoteError extends DomainError<'note.unverified'> {}

/** Two different trusted keys share a name and key ID and the note is signed by that pair. */
export interface AmbiguousNoteKeyError extends DomainError<'note.ambiguous_key'> {
  readonly name: string;
  readonly keyId: number;
}

/** Every error parsing or verifying a signed note returns; `switch (error.type)` covers them all. */
export type NoteError =
  | MalformedNoteError
  | InvalidNoteSignatureError
  | UnverifiedNoteError
  | AmbiguousNoteKeyError;

/** Why a verifier key (vkey) string was refused: a stable code to switch on. */
export type InvalidVerifierKeyReason =
  /** Not a string, too long, or not three `+`-separated parts `<name>+<hex8>+<base64>`. */
  | 'bad_format'
  /** The name is empty or holds white space, `+` or a control character. */
  | 'bad_key_name'
  /** The key ID is not eight lowercase hex digits. */
  | 'bad_key_id'
  /** The key material is not canonical padded standard base64. */
  | 'bad_base64'
  /** The type byte is neither Ed25519 (0x01) nor an Ed25519 cosignature (0x04). */
  | 'unsupported_type'
  /** The public key is not 32 bytes. */
  | 'bad_key_length'
  /** The public key does not encode an Ed25519 point that strict verification accepts. */
  | 'bad_public_key'
  /** The key ID does not match the one computed from name, type and public key. */
  | 'key_id_mismatch';

/** A vkey string could not be used to verify; the string is never echoed back. */
export interface InvalidVerifierKeyError extends DomainError<'note.invalid_verifier_key'> {
  readonly reason: InvalidVerifierKeyReason;
}

/** Builds a {@link MalformedNoteError}. */
export function malformedNote(
  reason: MalformedNoteReason,
  signatureLine?: number,
): MalformedNoteError {
  return signatureLine === undefined
    ? { type: 'note.malformed', reason }
    : { type: 'note.malformed', reason, signatureLine };
}

/** Builds an {@link InvalidVerifierKeyError}. */
export function invalidVerifierKey(reason: InvalidVerifierKeyReason): InvalidVerifierKeyError {
  return { type: 'note.invalid_verifier_key', reason };
}
