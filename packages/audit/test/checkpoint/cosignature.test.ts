import { ed25519 } from '@noble/curves/ed25519.js';
import { FakeClock } from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/checkpoint/base64.js';
import { formatCheckpointBody } from '../../src/checkpoint/checkpoint-body.js';
import { createCosigner } from '../../src/checkpoint/cosigner.js';
import { createNoteSigner } from '../../src/checkpoint/note-signer.js';
import { COSIGNATURE_V1_BYTES, parseVerifierKey } from '../../src/checkpoint/note-verifier.js';
import { openCheckpoint } from '../../src/checkpoint/open-checkpoint.js';
import { signCheckpoint } from '../../src/checkpoint/sign-checkpoint.js';
import { parseSignedNote } from '../../src/checkpoint/signed-note.js';
import { verifyCosignature } from '../../src/checkpoint/verify-cosignature.js';
import {
  C2SP_CHECKPOINT_BODY,
  C2SP_CHECKPOINT_LOG_SIGNATURE_LINE,
  C2SP_COSIGNATURE_LINE,
  C2SP_COSIGNATURE_TIMESTAMP_SECONDS,
  FORMATS_CHECKPOINT_BODY,
  FORMATS_CHECKPOINT_BODY_WITH_EXTENSION,
  FORMATS_COSIGNATURE_BLOB,
  FORMATS_COSIGNATURE_TIMESTAMP_SECONDS,
  FORMATS_PLAIN_SIGNATURE_BLOB,
} from './published-vectors.js';

const encoder = new TextEncoder();
const clock = new FakeClock(new Date('2026-03-31T12:00:00.900Z'));
const NOW_SECONDS = 1774958400;
const WITNESS_SEED = new Uint8Array(32).fill(0x42);
const witness = createCosigner({ name: 'witness.example/w1', seed: WITNESS_SEED, clock });
const logKey = createNoteSigner({ name: 'test', seed: new Uint8Array(32).fill(0x11) });

function timestampOf(blob: Uint8Array): number {
  return Number(new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getBigUint64(4));
}

describe('published cosignature framing', () => {
  it('reads the c2sp.org/tlog-cosignature example line: key ID, then its example time, then 64 bytes', () => {
    const note = parseSignedNote(
      `${C2SP_CHECKPOINT_BODY}\n${C2SP_CHECKPOINT_LOG_SIGNATURE_LINE}${C2SP_COSIGNATURE_LINE}`,
    )._unsafeUnwrap();
    const cosignature = note.signatures[1];
    expect(cosignature?.signature).toHaveLength(COSIGNATURE_V1_BYTES);
    const blob = decodeBase64(C2SP_COSIGNATURE_LINE.split(' ')[2]?.trim() ?? '');
    expect(blob && timestampOf(blob)).toBe(C2SP_COSIGNATURE_TIMESTAMP_SECONDS);
  });

  it('reads the transparency-dev/formats TestCoSigV1Timestamp blob', () => {
    const blob = decodeBase64(FORMATS_COSIGNATURE_BLOB);
    expect(blob).toHaveLength(4 + COSIGNATURE_V1_BYTES);
    expect(blob && timestampOf(blob)).toBe(FORMATS_COSIGNATURE_TIMESTAMP_SECONDS);
    // Its "wrong type of signature" blob is a plain Ed25519 one: too short to be a cosignature.
    expect(decodeBase64(FORMATS_PLAIN_SIGNATURE_BLOB)).toHaveLength(4 + 64);
  });
});

describe('createCosigner', () => {
  it('derives a type 0x04 vkey whose key ID recomputes', () => {
    const parsed = parseVerifierKey(witness.vkey)._unsafeUnwrap();
    expect(parsed.signatureType).toBe(0x04);
    expect(parsed.keyId).toBe(witness.keyId);
    // The same key as a plain note key has another ID: the type byte is hashed in.
    const plain = createNoteSigner({ name: witness.name, seed: WITNESS_SEED });
    expect(plain.keyId).not.toBe(witness.keyId);
  });

  it('signs cosignature/v1, time <seconds>, then the body, behind an 8-byte big-endian time', () => {
    const signature = witness.sign(encoder.encode(FORMATS_CHECKPOINT_BODY));
    expect(signature).toHaveLength(COSIGNATURE_V1_BYTES);
    const view = new DataView(signature.buffer, signature.byteOffset, 8);
    expect(Number(view.getBigUint64(0))).toBe(NOW_SECONDS);
    // Checked with noble directly against the message as tlog-cosignature spells it.
    const message = `cosignature/v1\ntime ${NOW_SECONDS}\n${FORMATS_CHECKPOINT_BODY}`;
    const publicKey = ed25519.getPublicKey(WITNESS_SEED);
    expect(ed25519.verify(signature.subarray(8), encoder.encode(message), publicKey)).toBe(true);
  });

  it('refuses to sign anything but a checkpoint body', () => {
    expect(() => witness.sign(encoder.encode('hello\n'))).toThrow();
  });

  it('never shows its seed', () => {
    const rendering = `${JSON.stringify(witness)} ${String(witness)}`;
    expect(rendering).not.toContain(Buffer.from(WITNESS_SEED).toString('hex'));
    expect(rendering).not.toContain(Buffer.from(WITNESS_SEED).toString('base64'));
    expect(JSON.parse(JSON.stringify(witness))).toEqual({
      name: witness.name,
      keyId: witness.keyId,
      vkey: witness.vkey,
    });
  });
});

describe('verifyCosignature', () => {
  const cosigned = signCheckpoint(FORMATS_CHECKPOINT_BODY, [logKey, witness]);

  it('verifies a cosigned checkpoint and returns the witness time (transparency-dev/formats round trip)', () => {
    expect(verifyCosignature(cosigned, witness.vkey)._unsafeUnwrap()).toEqual({
      name: witness.name,
      keyId: witness.keyId,
      timestampSeconds: NOW_SECONDS,
    });
    expect(verifyCosignature(cosigned, witness.verifier).isOk()).toBe(true);
    // The log signature still opens with the log key; the cosignature stays unverified there.
    const opened = openCheckpoint(cosigned, [logKey.verifier])._unsafeUnwrap();
    expect(opened.unverifiedSignatures.map((signature) => signature.name)).toEqual([witness.name]);
  });

  it('covers extension lines (transparency-dev/formats TestSigCoversExtensionLines)', () => {
    const note = signCheckpoint(FORMATS_CHECKPOINT_BODY_WITH_EXTENSION, [witness]);
    expect(verifyCosignature(note, witness.vkey).isOk()).toBe(true);
    const tampered = note.replace('Extendo', 'Extend@');
    expect(verifyCosignature(tampered, witness.vkey)._unsafeUnwrapErr().type).toBe(
      'note.invalid_signature',
    );
  });

  it('reports a note without this cosigner as missing, even if the log signed it', () => {
    const other = createCosigner({
      name: 'witness.example/w2',
      seed: new Uint8Array(32).fill(9),
      clock,
    });
    expect(verifyCosignature(cosigned, other.vkey)._unsafeUnwrapErr()).toEqual({
      type: 'cosignature.missing',
    });
  });

  it('refuses a log key given as a cosigner key', () => {
    expect(verifyCosignature(cosigned, logKey.vkey)._unsafeUnwrapErr()).toEqual({
      type: 'cosignature.wrong_key_type',
    });
  });

  it('refuses a plain Ed25519 signature line under the cosigner name and ID', () => {
    const impostor = {
      name: witness.name,
      keyId: witness.keyId,
      sign: (bytes: Uint8Array) => ed25519.sign(bytes, WITNESS_SEED),
    };
    const note = signCheckpoint(FORMATS_CHECKPOINT_BODY, [impostor]);
    expect(verifyCosignature(note, witness.vkey)._unsafeUnwrapErr().type).toBe(
      'note.invalid_signature',
    );
  });

  it('refuses a cosignature whose timestamp was changed', () => {
    const note = parseSignedNote(cosigned)._unsafeUnwrap();
    const [, cosignature] = note.signatures;
    if (cosignature === undefined) throw new Error('unreachable');
    const later = cosignature.signature.slice();
    later[7] = (later[7] ?? 0) + 1;
    const tampered = { text: note.text, signatures: [{ ...cosignature, signature: later }] };
    expect(verifyCosignature(tampered, witness.vkey)._unsafeUnwrapErr().type).toBe(
      'note.invalid_signature',
    );
  });

  it('refuses a cosignature over a note that is not a checkpoint', () => {
    expect(
      verifyCosignature(`hello\n\n${C2SP_COSIGNATURE_LINE}`, witness.vkey)._unsafeUnwrapErr(),
    ).toEqual({ type: 'checkpoint.malformed', reason: 'too_few_lines' });
  });

  it('passes vkey errors through', () => {
    expect(verifyCosignature(cosigned, 'not a vkey')._unsafeUnwrapErr().type).toBe(
      'note.invalid_verifier_key',
    );
  });

  it('refuses every single-bit flip of a witness-only cosigned checkpoint', () => {
    const body = formatCheckpointBody({
      origin: 'test',
      treeSize: 7,
      rootHash: new Uint8Array(32),
    });
    const original = encoder.encode(signCheckpoint(body, [witness]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: original.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (position, bit) => {
          const flipped = original.slice();
          flipped[position] = (flipped[position] ?? 0) ^ (1 << bit);
          expect(verifyCosignature(flipped, witness.verifier).isErr()).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
