import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/checkpoint/base64.js';
import { formatAddCheckpointRequest } from '../../src/witness/add-checkpoint-request.js';
import {
  C2SP_ADD_CHECKPOINT_NOTE,
  C2SP_ADD_CHECKPOINT_OLD_SIZE,
  C2SP_ADD_CHECKPOINT_PROOF,
  C2SP_ADD_CHECKPOINT_REQUEST,
} from '../checkpoint/published-vectors.js';
import { consistencyProof, leafHash, treeHash, verifyConsistency } from './naive-merkle.js';

describe('formatAddCheckpointRequest', () => {
  it('writes the c2sp.org/tlog-witness example request byte for byte', () => {
    const proof = C2SP_ADD_CHECKPOINT_PROOF.map((line) => decodeBase64(line) ?? new Uint8Array());
    expect(
      formatAddCheckpointRequest({
        oldSize: C2SP_ADD_CHECKPOINT_OLD_SIZE,
        proof,
        checkpointNote: C2SP_ADD_CHECKPOINT_NOTE,
      }),
    ).toBe(C2SP_ADD_CHECKPOINT_REQUEST);
  });

  it('writes an empty proof from size 0 as just the blank line', () => {
    expect(formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpointNote: 'n' })).toBe(
      'old 0\n\nn',
    );
  });

  it('treats impossible requests as programmer errors', () => {
    const hash = new Uint8Array(32);
    expect(() =>
      formatAddCheckpointRequest({ oldSize: 0, proof: [hash], checkpointNote: 'n' }),
    ).toThrow();
    expect(() =>
      formatAddCheckpointRequest({ oldSize: -1, proof: [], checkpointNote: 'n' }),
    ).toThrow();
    expect(() =>
      formatAddCheckpointRequest({ oldSize: 1, proof: Array(64).fill(hash), checkpointNote: 'n' }),
    ).toThrow();
    expect(() =>
      formatAddCheckpointRequest({ oldSize: 1, proof: [new Uint8Array(31)], checkpointNote: 'n' }),
    ).toThrow();
  });
});

// The test witness is only as good as its proof check, so the naive Merkle helper is checked too.
describe('naive Merkle helper', () => {
  const leaves = Array.from({ length: 17 }, (_, index) => leafHash(new Uint8Array([index])));

  it('verifies every proof it makes and refuses every altered one', () => {
    for (let newSize = 2; newSize <= leaves.length; newSize += 1) {
      for (let oldSize = 1; oldSize < newSize; oldSize += 1) {
        const proof = consistencyProof(leaves, oldSize, newSize);
        const oldRoot = treeHash(leaves.slice(0, oldSize));
        const newRoot = treeHash(leaves.slice(0, newSize));
        expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
        expect(verifyConsistency(oldSize, newSize, newRoot, newRoot, proof)).toBe(false);
        for (let index = 0; index < proof.length; index += 1) {
          const altered = proof.map((hash) => hash.slice());
          const target = altered[index];
          if (target !== undefined) target[0] = (target[0] ?? 0) ^ 1;
          expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, altered)).toBe(false);
        }
      }
    }
  });
});
