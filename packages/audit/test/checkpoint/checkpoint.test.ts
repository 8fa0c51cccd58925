import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/checkpoint/base64.js';
import {
  CHECKPOINT_TREE_SIZE_MAX,
  formatCheckpointBody,
  parseCheckpointBody,
} from '../../src/checkpoint/checkpoint-body.js';
import { createNoteSigner } from '../../src/checkpoint/note-signer.js';
import { parseVerifierKey } from '../../src/checkpoint/note-verifier.js';
import { openCheckpoint } from '../../src/checkpoint/open-checkpoint.js';
import { signCheckpoint } from '../../src/checkpoint/sign-checkpoint.js';
import { formatSignedNote, parseSignedNote } from '../../src/checkpoint/signed-note.js';
import {
  C2SP_CHECKPOINT_BODY,
  C2SP_CHECKPOINT_LOG_SIGNATURE_LINE,
  C2SP_COSIGNATURE_LINE,
  FORMATS_CHECKPOINT_BODY_WITH_EXTENSION,
  FORMATS_COSIGNATURE_VKEY,
} from './published-vectors.js';

const ORIGIN = 'strongroom.example/audit/tenant-1';
const ROOT = Uint8Array.from({ length: 32 }, (_, index) => index);
const ROOT_BASE64 = encodeBase64(ROOT);

const oldLogKey = createNoteSigner({ name: ORIGIN, seed: new Uint8Array(32).fill(1) });
const newLogKey = createNoteSigner({ name: ORIGIN, seed: new Uint8Array(32).fill(2) });
const strangerKey = createNoteSigner({ name: ORIGIN, seed: new Uint8Array(32).fill(3) });

describe('formatCheckpointBody / parseCheckpointBody', () => {
  it('reads the c2sp.org/tlog-checkpoint example', () => {
    const body = parseCheckpointBody(C2SP_CHECKPOINT_BODY)._unsafeUnwrap();
    expect(body.origin).toBe('example.com/behind-the-sofa');
    expect(body.treeSize).toBe(20852163);
    expect(encodeBase64(body.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(body.extensionLines).toEqual([]);
    expect(formatCheckpointBody(body)).toBe(C2SP_CHECKPOINT_BODY);
  });

  it('reads the example with its log signature and witness cosignature as a note', () => {
    const note = parseSignedNote(
      `${C2SP_CHECKPOINT_BODY}\n${C2SP_CHECKPOINT_LOG_SIGNATURE_LINE}${C2SP_COSIGNATURE_LINE}`,
    )._unsafeUnwrap();
    expect(note.text).toBe(C2SP_CHECKPOINT_BODY);
    expect(note.signatures.map((signature) => signature.name)).toEqual([
      'example.com/behind-the-sofa',
      'witness.example.com/w1',
    ]);
  });

  it('accepts and exposes extension lines (transparency-dev/formats "Extendo")', () => {
    const body = parseCheckpointBody(FORMATS_CHECKPOINT_BODY_WITH_EXTENSION)._unsafeUnwrap();
    expect(body).toMatchObject({ origin: 'test', treeSize: 123, extensionLines: ['Extendo'] });
    expect(body.text).toBe(FORMATS_CHECKPOINT_BODY_WITH_EXTENSION);
  });

  it('writes origin, decimal size and base64 root and nothing else', () => {
    expect(formatCheckpointBody({ origin: ORIGIN, treeSize: 0, rootHash: ROOT })).toBe(
      `${ORIGIN}\n0\n${ROOT_BASE64}\n`,
    );
    expect(
      formatCheckpointBody({ origin: ORIGIN, treeSize: CHECKPOINT_TREE_SIZE_MAX, rootHash: ROOT }),
    ).toBe(`${ORIGIN}\n9007199254740991\n${ROOT_BASE64}\n`);
  });

  it('round-trips any valid body', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9./-]{1,40}$/),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (origin, treeSize, rootHash) => {
          const text = formatCheckpointBody({ origin, treeSize, rootHash });
          const parsed = parseCheckpointBody(text)._unsafeUnwrap();
          expect(parsed).toEqual({ origin, treeSize, rootHash, extensionLines: [], text });
        },
      ),
    );
  });

  const root31 = encodeBase64(new Uint8Array(31));
  const root33 = encodeBase64(new Uint8Array(33));
  it.each([
    ['size 007', `${ORIGIN}\n007\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size 00', `${ORIGIN}\n00\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size +1', `${ORIGIN}\n+1\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size -1', `${ORIGIN}\n-1\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size " 1"', `${ORIGIN}\n 1\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size 1e3', `${ORIGIN}\n1e3\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size 0x10', `${ORIGIN}\n0x10\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size ١ (Arabic-Indic one)', `${ORIGIN}\n\u0661\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['an empty size', `${ORIGIN}\n\n${ROOT_BASE64}\n`, 'bad_tree_size'],
    ['size 2^53', `${ORIGIN}\n9007199254740992\n${ROOT_BASE64}\n`, 'tree_size_too_large'],
    ['a 30-digit size', `${ORIGIN}\n${'9'.repeat(30)}\n${ROOT_BASE64}\n`, 'tree_size_too_large'],
    ['a root of 31 bytes', `${ORIGIN}\n1\n${root31}\n`, 'bad_root_hash_length'],
    ['a root of 33 bytes', `${ORIGIN}\n1\n${root33}\n`, 'bad_root_hash_length'],
    ['an unpadded root', `${ORIGIN}\n1\n${ROOT_BASE64.replace('=', '')}\n`, 'bad_root_hash'],
    [
      'a root with a non-base64 character',
      `${ORIGIN}\n1\n${ROOT_BASE64.replace('A', '!')}\n`,
      'bad_root_hash',
    ],
    [
      'a hex root (valid base64 of 48 bytes)',
      `${ORIGIN}\n1\n${'ab'.repeat(32)}\n`,
      'bad_root_hash_length',
    ],
    ['an origin with a space', `strongroom example\n1\n${ROOT_BASE64}\n`, 'bad_origin'],
    ['an origin with +', `strongroom+example\n1\n${ROOT_BASE64}\n`, 'bad_origin'],
    ['an empty origin', `\n1\n${ROOT_BASE64}\n`, 'bad_origin'],
    ['two lines', `${ORIGIN}\n1\n`, 'too_few_lines'],
    ['no final newline', `${ORIGIN}\n1\n${ROOT_BASE64}`, 'missing_final_newline'],
    ['an empty extension line', `${ORIGIN}\n1\n${ROOT_BASE64}\n\n`, 'empty_extension_line'],
    ['a tab', `${ORIGIN}\n1\n${ROOT_BASE64}\nx\ty\n`, 'control_character'],
    ['a lone surrogate', `${ORIGIN}\n1\n${ROOT_BASE64}\n\uDC00\n`, 'bad_utf8'],
  ])('refuses %s', (_, text, reason) => {
    expect(parseCheckpointBody(text)._unsafeUnwrapErr()).toEqual({
      type: 'checkpoint.malformed',
      reason,
    });
  });

  it('treats unformattable bodies as programmer errors', () => {
    expect(() => formatCheckpointBody({ origin: 'a b', treeSize: 1, rootHash: ROOT })).toThrow();
    expect(() => formatCheckpointBody({ origin: 'a+b', treeSize: 1, rootHash: ROOT })).toThrow();
    expect(() => formatCheckpointBody({ origin: ORIGIN, treeSize: -1, rootHash: ROOT })).toThrow();
    expect(() => formatCheckpointBody({ origin: ORIGIN, treeSize: 1.5, rootHash: ROOT })).toThrow();
    expect(() =>
      formatCheckpointBody({ origin: ORIGIN, treeSize: 2 ** 53, rootHash: ROOT }),
    ).toThrow();
    expect(() =>
      formatCheckpointBody({ origin: ORIGIN, treeSize: 1, rootHash: new Uint8Array(31) }),
    ).toThrow();
  });
});

describe('signCheckpoint / openCheckpoint', () => {
  const body = formatCheckpointBody({ origin: ORIGIN, treeSize: 42, rootHash: ROOT });

  it('opens what it signs', () => {
    const note = signCheckpoint(body, [newLogKey]);
    const opened = openCheckpoint(note, [newLogKey.verifier])._unsafeUnwrap();
    expect(opened.origin).toBe(ORIGIN);
    expect(opened.treeSize).toBe(42);
    expect(opened.rootHash).toEqual(ROOT);
    expect(opened.signatures.map((signature) => signature.keyId)).toEqual([newLogKey.keyId]);
    expect(opened.text).toBe(body);
  });

  it('bridges a key rotation: signed by old and new, either trusted key opens it', () => {
    const note = signCheckpoint(body, [oldLogKey, newLogKey]);
    expect(parseSignedNote(note)._unsafeUnwrap().signatures).toHaveLength(2);
    expect(openCheckpoint(note, [oldLogKey.verifier]).isOk()).toBe(true);
    expect(openCheckpoint(note, [newLogKey.verifier]).isOk()).toBe(true);
    const withBoth = openCheckpoint(note, [oldLogKey.verifier, newLogKey.verifier])._unsafeUnwrap();
    expect(withBoth.signatures).toHaveLength(2);
    // A client trusting both keys also accepts the log once it has dropped the old key.
    const afterRotation = signCheckpoint(body, [newLogKey]);
    expect(openCheckpoint(afterRotation, [oldLogKey.verifier, newLogKey.verifier]).isOk()).toBe(
      true,
    );
    // And a client still trusting only the old key no longer does.
    expect(openCheckpoint(afterRotation, [oldLogKey.verifier])._unsafeUnwrapErr().type).toBe(
      'note.unverified',
    );
  });

  it('refuses a checkpoint no trusted key signed', () => {
    const note = signCheckpoint(body, [strangerKey]);
    expect(openCheckpoint(note, [newLogKey.verifier])._unsafeUnwrapErr()).toEqual({
      type: 'note.unverified',
    });
  });

  it('refuses a checkpoint with a failing signature of a trusted key, even next to a valid one', () => {
    const valid = signCheckpoint(body, [oldLogKey, newLogKey]);
    const otherBody = formatCheckpointBody({ origin: ORIGIN, treeSize: 43, rootHash: ROOT });
    const foreignLine = signCheckpoint(otherBody, [newLogKey]).slice(otherBody.length + 1);
    const tampered = valid.replace(/— [^\n]*\n$/, foreignLine);
    expect(
      openCheckpoint(tampered, [oldLogKey.verifier, newLogKey.verifier])._unsafeUnwrapErr(),
    ).toEqual({
      type: 'note.invalid_signature',
      name: ORIGIN,
      keyId: newLogKey.keyId,
    });
  });

  it('refuses a signed note whose body is not a checkpoint', () => {
    const signature = newLogKey.sign(new TextEncoder().encode('hello\n'));
    const note = formatSignedNote('hello\n', [
      { name: newLogKey.name, keyId: newLogKey.keyId, signature },
    ]);
    expect(openCheckpoint(note, [newLogKey.verifier])._unsafeUnwrapErr()).toEqual({
      type: 'checkpoint.malformed',
      reason: 'too_few_lines',
    });
  });

  it('accepts an extension line the log signed', () => {
    const withExtension = `${body}metadata: opaque\n`;
    const note = signCheckpoint(withExtension, [newLogKey]);
    expect(openCheckpoint(note, [newLogKey.verifier])._unsafeUnwrap().extensionLines).toEqual([
      'metadata: opaque',
    ]);
  });

  it('refuses every single-bit flip of a signed checkpoint', () => {
    const original = new TextEncoder().encode(signCheckpoint(body, [newLogKey]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: original.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (position, bit) => {
          const flipped = original.slice();
          flipped[position] = (flipped[position] ?? 0) ^ (1 << bit);
          expect(openCheckpoint(flipped, [newLogKey.verifier]).isErr()).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never opens a flipped rotation checkpoint to anything but the signed body', () => {
    // A flip in one line's name or key ID makes that line an unknown key's, which the spec says to
    // ignore, so the other trusted signature may still open the note: but never with another body.
    const original = new TextEncoder().encode(signCheckpoint(body, [oldLogKey, newLogKey]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: original.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (position, bit) => {
          const flipped = original.slice();
          flipped[position] = (flipped[position] ?? 0) ^ (1 << bit);
          const opened = openCheckpoint(flipped, [oldLogKey.verifier, newLogKey.verifier]);
          if (opened.isOk()) {
            expect(opened.value.text).toBe(body);
            expect(opened.value.signatures).toHaveLength(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('treats misuse as programmer errors', () => {
    expect(() => signCheckpoint('not a checkpoint\n', [newLogKey])).toThrow();
    expect(() => signCheckpoint(body, [])).toThrow();
    expect(() => signCheckpoint(body, [newLogKey, newLogKey])).toThrow();
    const witnessKey = parseVerifierKey(FORMATS_COSIGNATURE_VKEY)._unsafeUnwrap();
    expect(() => openCheckpoint(signCheckpoint(body, [newLogKey]), [witnessKey])).toThrow();
  });

  it('decodes the root it opens exactly', () => {
    const note = signCheckpoint(body, [newLogKey]);
    expect(decodeBase64(note.split('\n')[2] ?? '')).toEqual(ROOT);
  });
});
