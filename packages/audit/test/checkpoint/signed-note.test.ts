import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/checkpoint/base64.js';
import { parseVerifierKey } from '../../src/checkpoint/note-verifier.js';
import {
  formatSignatureLine,
  formatSignedNote,
  parseSignedNote,
  SIGNED_NOTE_BYTES_MAX,
  SIGNED_NOTE_SIGNATURES_MAX,
} from '../../src/checkpoint/signed-note.js';
import { verifySignedNote } from '../../src/checkpoint/verify-signed-note.js';
import {
  C2SP_EXAMPLE_NOTE,
  C2SP_EXAMPLE_VKEY,
  C2SP_QUASIMODO_NOTE,
  GO_ENOCH_SIGNATURE_LINE,
  GO_ENOCH_VKEY,
  GO_PETER_SIGNATURE_LINE,
  GO_PETER_VKEY,
  GO_TEXT,
} from './published-vectors.js';

const encoder = new TextEncoder();

function verifier(vkey: string) {
  return parseVerifierKey(vkey)._unsafeUnwrap();
}

const peter = verifier(GO_PETER_VKEY);
const enoch = verifier(GO_ENOCH_VKEY);

describe('parseSignedNote', () => {
  it('reads the c2sp.org/signed-note example', () => {
    const note = parseSignedNote(C2SP_EXAMPLE_NOTE)._unsafeUnwrap();
    expect(note.text).toBe('This is an example message.\n');
    expect(note.signatures).toHaveLength(1);
    expect(note.signatures[0]?.name).toBe('example.com/foo');
    expect(note.signatures[0]?.keyId).toBe(0x530d903a);
    expect(note.signatures[0]?.signature).toHaveLength(64);
  });

  it('separates text from signatures at the LAST blank line (current c2sp.org/signed-note example)', () => {
    const note = parseSignedNote(C2SP_QUASIMODO_NOTE)._unsafeUnwrap();
    expect(note.text).toBe(
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n',
    );
    expect(note.signatures.map((signature) => signature.name)).toEqual([
      'quasimodo.example/salvatore',
    ]);
  });

  it('reads bytes as well as strings, and keeps a byte-order mark as text', () => {
    const fromBytes = parseSignedNote(encoder.encode(C2SP_EXAMPLE_NOTE))._unsafeUnwrap();
    expect(fromBytes.text).toBe('This is an example message.\n');
    const withBom = parseSignedNote(encoder.encode(`\uFEFF${C2SP_EXAMPLE_NOTE}`))._unsafeUnwrap();
    expect(withBom.text.startsWith('\uFEFF')).toBe(true);
    // The mark is part of the signed text, so the example signature no longer verifies.
    expect(verifySignedNote(withBom, [verifier(C2SP_EXAMPLE_VKEY)])._unsafeUnwrapErr().type).toBe(
      'note.invalid_signature',
    );
  });

  it('round-trips through formatSignedNote byte for byte', () => {
    for (const text of [C2SP_EXAMPLE_NOTE, C2SP_QUASIMODO_NOTE]) {
      const note = parseSignedNote(text)._unsafeUnwrap();
      expect(formatSignedNote(note.text, note.signatures)).toBe(text);
    }
  });

  // golang.org/x/mod sumdb/note note_test.go TestOpen "Invalid encoded message syntax", plus ours.
  const text = GO_TEXT;
  const peterLine = GO_PETER_SIGNATURE_LINE;
  it.each([
    ['text only (no blank line)', text, 'missing_blank_line'],
    ['blank line but no signature', `${text}\n`, 'no_signatures'],
    ['no final newline', `${text}\n${peterLine.slice(0, -1)}`, 'missing_final_newline'],
    ['a control character', `\u0001${text}\n${peterLine}`, 'control_character'],
    ['a tab', `a\tb\n\n${peterLine}`, 'control_character'],
    ['a carriage return', `${text.replace('\n', '\r\n')}\n${peterLine}`, 'control_character'],
    ['a lone surrogate', `\uD800${text}\n${peterLine}`, 'bad_utf8'],
    [
      'a name with a space (Go "— Bad Name")',
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      'bad_base64',
    ],
    [
      'a line after the signatures',
      `${text}\n${peterLine}Unexpected line.\n`,
      'bad_signature_line',
    ],
    [
      'a hyphen instead of an em dash',
      `${text}\n${peterLine.replace('—', '-')}`,
      'bad_signature_line',
    ],
    ['no signature after the name', `${text}\n— PeterNeumann\n`, 'bad_signature_line'],
    [
      'a name with +',
      `${text}\n${peterLine.replace('PeterNeumann', 'Peter+Neumann')}`,
      'bad_key_name',
    ],
    ['an empty name', `${text}\n${peterLine.replace('PeterNeumann', '')}`, 'bad_key_name'],
    [
      'a name with a no-break space',
      `${text}\n${peterLine.replace('PeterNeumann', 'Peter\u00A0Neumann')}`,
      'bad_key_name',
    ],
    ['unpadded base64', `${text}\n${peterLine.replace('=\n', '\n')}`, 'bad_base64'],
    ['URL-safe base64', `${text}\n${peterLine.replace('/', '_')}`, 'bad_base64'],
    ['non-canonical padding bits', `${text}\n— PeterNeumann AAAAAAB=\n`, 'bad_base64'],
    [
      'a signature of four bytes (only a key ID)',
      `${text}\n— PeterNeumann x08gow==\n`,
      'short_signature',
    ],
    [
      '101 signatures (Go "too many signatures")',
      `${text}\n${peterLine.repeat(101)}`,
      'too_many_signatures',
    ],
  ])('refuses %s', (_, note, reason) => {
    const error = parseSignedNote(note)._unsafeUnwrapErr();
    expect(error.type).toBe('note.malformed');
    expect(error.reason).toBe(reason);
  });

  it('refuses invalid UTF-8 bytes (Go "\\xff" case)', () => {
    const bytes = new Uint8Array([0xff, ...encoder.encode(`${text}\n${peterLine}`)]);
    expect(parseSignedNote(bytes)._unsafeUnwrapErr()).toEqual({
      type: 'note.malformed',
      reason: 'bad_utf8',
    });
  });

  it('says which signature line is wrong', () => {
    const error = parseSignedNote(
      `${text}\n${peterLine}— Peter+Neumann AAAAAAA=\n`,
    )._unsafeUnwrapErr();
    expect(error).toEqual({ type: 'note.malformed', reason: 'bad_key_name', signatureLine: 2 });
  });

  it('accepts 100 signature lines, at least the 16 C2SP requires', () => {
    const note = parseSignedNote(`${text}\n${peterLine.repeat(SIGNED_NOTE_SIGNATURES_MAX)}`);
    expect(note._unsafeUnwrap().signatures).toHaveLength(100);
  });

  it('refuses notes above 1 MiB before parsing them', () => {
    const large = `${'a'.repeat(SIGNED_NOTE_BYTES_MAX)}\n\n${peterLine}`;
    expect(parseSignedNote(large)._unsafeUnwrapErr().reason).toBe('too_large');
    expect(parseSignedNote(encoder.encode(large))._unsafeUnwrapErr().reason).toBe('too_large');
    // Multi-byte characters count as bytes, not as UTF-16 units.
    const wide = `${'é'.repeat(SIGNED_NOTE_BYTES_MAX / 2)}\n\n${peterLine}`;
    expect(parseSignedNote(wide)._unsafeUnwrapErr().reason).toBe('too_large');
  });
});

describe('verifySignedNote', () => {
  it('verifies the c2sp.org/signed-note example with its published key', () => {
    const verified = verifySignedNote(C2SP_EXAMPLE_NOTE, [verifier(C2SP_EXAMPLE_VKEY)]);
    expect(verified._unsafeUnwrap().text).toBe('This is an example message.\n');
  });

  // golang.org/x/mod sumdb/note note_test.go TestOpen.
  const both = `${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}${GO_ENOCH_SIGNATURE_LINE}`;

  it('verifies the known key and ignores the unknown one (Go TestOpen)', () => {
    const verified = verifySignedNote(both, [peter])._unsafeUnwrap();
    expect(verified.text).toBe(GO_TEXT);
    expect(verified.verifiedSignatures.map((signature) => signature.name)).toEqual([
      'PeterNeumann',
    ]);
    expect(verified.unverifiedSignatures.map((signature) => signature.name)).toEqual(['EnochRoot']);
  });

  it('verifies both when both keys are trusted', () => {
    const verified = verifySignedNote(both, [peter, enoch])._unsafeUnwrap();
    expect(verified.verifiedSignatures.map((signature) => signature.keyId)).toEqual([
      0xc74f20a3, 0xaf0cfe78,
    ]);
    expect(verified.unverifiedSignatures).toEqual([]);
  });

  it('refuses a note no trusted key signed', () => {
    expect(verifySignedNote(both, [])._unsafeUnwrapErr()).toEqual({ type: 'note.unverified' });
    expect(verifySignedNote(C2SP_EXAMPLE_NOTE, [peter])._unsafeUnwrapErr().type).toBe(
      'note.unverified',
    );
  });

  it('refuses the whole note when a trusted key signature fails (Go "Invalid signature")', () => {
    const broken = `${GO_PETER_SIGNATURE_LINE.slice(0, 60)}ABCD${GO_PETER_SIGNATURE_LINE.slice(60)}`;
    expect(verifySignedNote(`${GO_TEXT}\n${broken}`, [peter])._unsafeUnwrapErr()).toEqual({
      type: 'note.invalid_signature',
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
    });
    // Even when another trusted signature on the same note is valid.
    expect(
      verifySignedNote(`${GO_TEXT}\n${GO_ENOCH_SIGNATURE_LINE}${broken}`, [
        peter,
        enoch,
      ])._unsafeUnwrapErr().type,
    ).toBe('note.invalid_signature');
  });

  it('ignores a signature sharing only the name or only the key ID with a trusted key', () => {
    const blob = decodeBase64(GO_PETER_SIGNATURE_LINE.slice(15, -1));
    expect(blob).toBeDefined();
    const otherId = Uint8Array.from(blob ?? []);
    otherId[0] = (otherId[0] ?? 0) ^ 1;
    const sameNameOtherId = `— PeterNeumann ${encodeBase64(otherId)}\n`;
    const sameIdOtherName = GO_PETER_SIGNATURE_LINE.replace('PeterNeumann', 'CarmenSandiego');
    const verified = verifySignedNote(
      `${GO_TEXT}\n${sameNameOtherId}${sameIdOtherName}${GO_PETER_SIGNATURE_LINE}`,
      [peter],
    )._unsafeUnwrap();
    expect(verified.verifiedSignatures).toHaveLength(1);
    expect(verified.unverifiedSignatures).toHaveLength(2);
    expect(
      verifySignedNote(`${GO_TEXT}\n${sameNameOtherId}${sameIdOtherName}`, [
        peter,
      ])._unsafeUnwrapErr().type,
    ).toBe('note.unverified');
  });

  it('collapses duplicate lines and duplicate trusted keys (Go "Duplicated verified and unverified")', () => {
    const note = `${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}${GO_PETER_SIGNATURE_LINE}${GO_ENOCH_SIGNATURE_LINE}${GO_ENOCH_SIGNATURE_LINE}`;
    const verified = verifySignedNote(note, [peter, peter])._unsafeUnwrap();
    expect(verified.verifiedSignatures).toHaveLength(1);
    expect(verified.unverifiedSignatures).toHaveLength(2);
  });

  it('refuses to choose between two different trusted keys with the same name and key ID', () => {
    const impostor = { ...peter, vkey: `${peter.vkey}-impostor`, verify: () => true };
    expect(
      verifySignedNote(`${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`, [
        peter,
        impostor,
      ])._unsafeUnwrapErr(),
    ).toEqual({ type: 'note.ambiguous_key', name: 'PeterNeumann', keyId: 0xc74f20a3 });
  });

  it('passes parse errors through', () => {
    expect(verifySignedNote(GO_TEXT, [peter])._unsafeUnwrapErr()).toEqual({
      type: 'note.malformed',
      reason: 'missing_blank_line',
    });
  });

  it('refuses every single-bit flip of a signed note', () => {
    const original = encoder.encode(`${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: original.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (position, bit) => {
          const flipped = original.slice();
          flipped[position] = (flipped[position] ?? 0) ^ (1 << bit);
          expect(verifySignedNote(flipped, [peter]).isErr()).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('formatSignedNote', () => {
  it('writes the Go signature line for the Go signature', () => {
    const note = parseSignedNote(`${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`)._unsafeUnwrap();
    const [signature] = note.signatures;
    expect(signature && formatSignatureLine(signature)).toBe(GO_PETER_SIGNATURE_LINE);
  });

  it('keeps a text that itself ends with a blank line intact', () => {
    const note = parseSignedNote(`${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`)._unsafeUnwrap();
    const formatted = formatSignedNote('first\n\n', note.signatures);
    expect(parseSignedNote(formatted)._unsafeUnwrap().text).toBe('first\n\n');
  });

  it('treats invalid text or signatures as programmer errors', () => {
    const [signature] = parseSignedNote(`${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`)._unsafeUnwrap()
      .signatures;
    if (signature === undefined) throw new Error('unreachable');
    expect(() => formatSignedNote('no newline', [signature])).toThrow();
    expect(() => formatSignedNote('tab\there\n', [signature])).toThrow();
    expect(() => formatSignedNote('text\n', [])).toThrow();
    expect(() => formatSignedNote('text\n', Array(101).fill(signature))).toThrow();
    expect(() => formatSignatureLine({ ...signature, name: 'a b' })).toThrow();
  });
});
