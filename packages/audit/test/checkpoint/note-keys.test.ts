import { inspect } from 'node:util';
import { ed25519 } from '@noble/curves/ed25519.js';
import { AssertionFailure } from '@strongroom/kernel';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/checkpoint/base64.js';
import {
  computeNoteKeyId,
  NOTE_SIGNATURE_TYPE_COSIGNATURE_V1,
  NOTE_SIGNATURE_TYPE_ED25519,
} from '../../src/checkpoint/note-key-id.js';
import { createNoteSigner } from '../../src/checkpoint/note-signer.js';
import { parseVerifierKey } from '../../src/checkpoint/note-verifier.js';
import { formatSignedNote } from '../../src/checkpoint/signed-note.js';
import { formatVerifierKey } from '../../src/checkpoint/verifier-key.js';
import { verifySignedNote } from '../../src/checkpoint/verify-signed-note.js';
import {
  C2SP_EXAMPLE_VKEY,
  FORMATS_BAD_VKEYS,
  FORMATS_COSIGNATURE_VKEY,
  FORMATS_ED25519_VKEY,
  GO_ENOCH_VKEY,
  GO_PETER_SIGNATURE_LINE,
  GO_PETER_SKEY,
  GO_PETER_VKEY,
  GO_TEXT,
  GO_UNKNOWN_ALGORITHM_VKEY,
  GO_WRONG_LENGTH_VKEY,
} from './published-vectors.js';

const encoder = new TextEncoder();

// The seed inside the Go signer key: base64(0x01 ‖ seed) after the fourth `+`.
function goPeterSeed(): Uint8Array {
  const material = decodeBase64(GO_PETER_SKEY.split('+').slice(4).join('+'));
  if (material === undefined || material[0] !== 0x01) throw new Error('bad Go skey vector');
  return material.slice(1);
}

function keyMaterial(vkey: string): Uint8Array {
  const material = decodeBase64(vkey.split('+').slice(2).join('+'));
  if (material === undefined) throw new Error('bad vkey vector');
  return material;
}

describe('note key IDs', () => {
  it.each([
    [C2SP_EXAMPLE_VKEY, 'c2sp.org/signed-note example'],
    [GO_PETER_VKEY, 'golang.org/x/mod sumdb/note'],
    [GO_ENOCH_VKEY, 'golang.org/x/mod sumdb/note'],
    [FORMATS_ED25519_VKEY, 'transparency-dev/formats note (type 0x01)'],
    [FORMATS_COSIGNATURE_VKEY, 'transparency-dev/formats note (type 0x04)'],
  ])('recomputes the key ID of %s (%s)', (vkey) => {
    const [name = '', keyIdHex = ''] = vkey.split('+');
    const material = keyMaterial(vkey);
    const type =
      material[0] === 0x04 ? NOTE_SIGNATURE_TYPE_COSIGNATURE_V1 : NOTE_SIGNATURE_TYPE_ED25519;
    expect(computeNoteKeyId(name, type, material.slice(1))).toBe(Number.parseInt(keyIdHex, 16));
  });

  it('depends on the type byte, so one key gives different IDs as log key and as cosigner', () => {
    const material = keyMaterial(GO_PETER_VKEY).slice(1);
    expect(computeNoteKeyId('PeterNeumann', NOTE_SIGNATURE_TYPE_ED25519, material)).not.toBe(
      computeNoteKeyId('PeterNeumann', NOTE_SIGNATURE_TYPE_COSIGNATURE_V1, material),
    );
  });
});

describe('parseVerifierKey / formatVerifierKey', () => {
  it.each([
    C2SP_EXAMPLE_VKEY,
    GO_PETER_VKEY,
    GO_ENOCH_VKEY,
    FORMATS_ED25519_VKEY,
    FORMATS_COSIGNATURE_VKEY,
  ])('reads %s and writes it back byte for byte', (vkey) => {
    const verifier = parseVerifierKey(vkey)._unsafeUnwrap();
    expect(verifier.vkey).toBe(vkey);
    expect(verifier.name).toBe(vkey.split('+')[0]);
    expect(
      formatVerifierKey({
        name: verifier.name,
        signatureType: verifier.signatureType,
        publicKey: keyMaterial(vkey).slice(1),
      }),
    ).toBe(vkey);
  });

  it('knows which keys are cosigner keys (transparency-dev/formats remora witness: 0x04)', () => {
    expect(parseVerifierKey(FORMATS_COSIGNATURE_VKEY)._unsafeUnwrap().signatureType).toBe(0x04);
    expect(parseVerifierKey(FORMATS_ED25519_VKEY)._unsafeUnwrap().signatureType).toBe(0x01);
  });

  it.each<[label: string, vkey: string, reason: string]>([
    // Go refuses it for its length; its padding bits are non-zero too, which is refused first here.
    ['Go: wrong length key, with adjusted key hash', GO_WRONG_LENGTH_VKEY, 'bad_base64'],
    [
      'Go: unknown algorithm, with adjusted key hash',
      GO_UNKNOWN_ALGORITHM_VKEY,
      'unsupported_type',
    ],
    ...FORMATS_BAD_VKEYS.map(({ vkey, reason }): [string, string, string] => [
      `transparency-dev/formats ${reason}`,
      vkey,
      reason,
    ]),
    [
      'a key of 33 bytes',
      `x+00000000+${encodeBase64(new Uint8Array([1, ...new Uint8Array(33)]))}`,
      'bad_key_length',
    ],
    ['upper-case hex', GO_PETER_VKEY.replace('c74f20a3', 'C74F20A3'), 'bad_key_id'],
    ['seven hex digits', GO_PETER_VKEY.replace('c74f20a3', 'c74f20a'), 'bad_key_id'],
    ['a wrong key ID', GO_PETER_VKEY.replace('c74f20a3', 'c74f20a4'), 'key_id_mismatch'],
    ['a name with a space', `Peter ${GO_PETER_VKEY}`, 'bad_key_name'],
    ['an empty name', GO_PETER_VKEY.replace('PeterNeumann', ''), 'bad_key_name'],
    [
      'the identity point',
      `x+00000000+${encodeBase64(new Uint8Array([1, ...new Uint8Array(32)]))}`,
      'bad_public_key',
    ],
    ['2,000 characters', `x+00000000+${'A'.repeat(2000)}`, 'bad_format'],
  ])('refuses a vkey with %s', (_, vkey, reason) => {
    expect(parseVerifierKey(vkey)._unsafeUnwrapErr()).toEqual({
      type: 'note.invalid_verifier_key',
      reason,
    });
  });

  // golang.org/x/mod sumdb/note note_test.go TestNewVerifier: every proper substring and every
  // single-byte increment of the vkey must be refused.
  it('refuses every truncation and every single-character change of a vkey (Go TestNewVerifier)', () => {
    const vkey = GO_PETER_VKEY;
    for (let start = 0; start <= vkey.length; start += 1) {
      for (let end = start + 1; end <= vkey.length; end += 1) {
        if (start === 0 && end === vkey.length) continue;
        expect(parseVerifierKey(vkey.slice(start, end)).isErr()).toBe(true);
      }
    }
    for (let index = 0; index < vkey.length; index += 1) {
      const changed =
        vkey.slice(0, index) +
        String.fromCharCode(vkey.charCodeAt(index) + 1) +
        vkey.slice(index + 1);
      expect(parseVerifierKey(changed).isErr()).toBe(true);
    }
  });
});

describe('createNoteSigner', () => {
  it('reproduces the Go PeterNeumann key and signature from its seed (Go TestSign)', () => {
    const signer = createNoteSigner({ name: 'PeterNeumann', seed: goPeterSeed() });
    expect(signer.vkey).toBe(GO_PETER_VKEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    const signature = signer.sign(encoder.encode(GO_TEXT));
    expect(formatSignedNote(GO_TEXT, [{ name: signer.name, keyId: signer.keyId, signature }])).toBe(
      `${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`,
    );
  });

  it('signs notes its own verifier accepts and others refuse', () => {
    const signer = createNoteSigner({ name: 'log.example/a', seed: new Uint8Array(32).fill(7) });
    const note = formatSignedNote('hello\n', [
      { name: signer.name, keyId: signer.keyId, signature: signer.sign(encoder.encode('hello\n')) },
    ]);
    expect(verifySignedNote(note, [signer.verifier]).isOk()).toBe(true);
    expect(verifySignedNote(note, [parseVerifierKey(signer.vkey)._unsafeUnwrap()]).isOk()).toBe(
      true,
    );
  });

  it('never shows its seed through JSON, String or inspection', () => {
    const seed = goPeterSeed();
    const signer = createNoteSigner({ name: 'PeterNeumann', seed });
    const { scalar } = ed25519.utils.getExtendedPublicKey(seed);
    const renderings = [
      JSON.stringify(signer),
      String(signer),
      `${signer}`,
      inspect(signer, { showHidden: true, depth: 10 }),
    ];
    const secretSpellings = [
      encodeBase64(seed),
      Buffer.from(seed).toString('hex'),
      seed.join(','),
      seed.join(', '),
    ];
    for (const rendering of renderings) {
      for (const secret of secretSpellings) expect(rendering).not.toContain(secret);
      expect(rendering).not.toContain(scalar.toString(16));
      expect(rendering).not.toContain(scalar.toString());
    }
    expect(JSON.parse(JSON.stringify(signer))).toEqual({
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
      vkey: GO_PETER_VKEY,
    });
    expect(String(signer)).toBe(`NoteSigner(${GO_PETER_VKEY})`);
  });

  it('copies the seed, so later changes to the caller array do not change the key', () => {
    const seed = goPeterSeed();
    const signer = createNoteSigner({ name: 'PeterNeumann', seed });
    seed.fill(0);
    expect(
      formatSignedNote(GO_TEXT, [
        { name: signer.name, keyId: signer.keyId, signature: signer.sign(encoder.encode(GO_TEXT)) },
      ]),
    ).toBe(`${GO_TEXT}\n${GO_PETER_SIGNATURE_LINE}`);
  });

  it('treats a bad name or seed as a programmer error without echoing the seed', () => {
    const shortSeed = new Uint8Array(31).fill(0xab);
    let message = '';
    try {
      createNoteSigner({ name: 'log.example', seed: shortSeed });
    } catch (error) {
      expect(error).toBeInstanceOf(AssertionFailure);
      message = String(error);
    }
    expect(message).toContain('32 bytes');
    expect(message).not.toContain('abab');
    expect(message).not.toContain('171');
    expect(() => createNoteSigner({ name: 'a+b', seed: new Uint8Array(32) })).toThrow(
      AssertionFailure,
    );
    expect(() => createNoteSigner({ name: 'a b', seed: new Uint8Array(32) })).toThrow(
      AssertionFailure,
    );
  });
});
