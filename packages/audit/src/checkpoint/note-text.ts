/** Why note text was refused by {@link checkNoteCharacters}. */
export type NoteCharactersProblem = 'bad_utf8' | 'control_character';

/**
 * Checks the character rules every signed note and checkpoint shares: the text must be encodable
 * as UTF-8 (no lone surrogates) and contain no ASCII control character except newline.
 */
export function checkNoteCharacters(text: string): NoteCharactersProblem | undefined {
  if (!text.isWellFormed()) return 'bad_utf8';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== 0x0a) return 'control_character';
  }
  return undefined;
}

const UTF8_ENCODER = new TextEncoder();

/** The UTF-8 bytes of a string; notes are signed over bytes, never over UTF-16. */
export function utf8Bytes(text: string): Uint8Array {
  return UTF8_ENCODER.encode(text);
}

// `fatal` turns invalid UTF-8 into an exception instead of U+FFFD; `ignoreBOM` keeps a leading
// byte-order mark as text, so two different byte strings never decode to the same note.
const STRICT_UTF8_DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes strict UTF-8, or returns `undefined` for invalid input. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8_DECODER.decode(bytes);
  } catch {
    return undefined;
  }
}
