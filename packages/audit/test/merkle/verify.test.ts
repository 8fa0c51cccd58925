import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashLeaf } from '../../src/merkle/hashing.js';
import type { MerkleProofError } from '../../src/merkle/merkle-proof-error.js';
import { verifyConsistency } from '../../src/merkle/verify-consistency.js';
import { verifyInclusion } from '../../src/merkle/verify-inclusion.js';
import { leafEntries } from './node-store.js';
import {
  arrayRangeHash,
  referenceConsistencyProof,
  referencePath,
  referencePathSides,
} from './reference-merkle.js';

// One tree serves every property: proofs for any (index, size) or (size1, size2) up to 64
// leaves come from the RFC reference, so the verifiers are checked against the definitions.
const LEAVES = leafEntries(64, 3).map(hashLeaf);
const mth = arrayRangeHash(LEAVES);
const ROOTS = Array.from({ length: LEAVES.length + 1 }, (_, size) => mth(0, size));

function root(size: number): Uint8Array {
  return ROOTS[size] as Uint8Array;
}

function flipBit(hash: Uint8Array, bit: number): Uint8Array {
  const flipped = hash.slice();
  const position = Math.floor(bit / 8) % flipped.length;
  flipped[position] = (flipped[position] as number) ^ (1 << (bit % 8));
  return flipped;
}

function errorOf(result: { isErr(): boolean; error?: unknown }): MerkleProofError | undefined {
  return result.isErr() ? (result.error as MerkleProofError) : undefined;
}

const inclusionCase = fc
  .integer({ min: 1, max: 64 })
  .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 })));

const consistencyCase = fc
  .tuple(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }))
  .map(([first, second]): [number, number] =>
    first <= second ? [first, second] : [second, first],
  );

describe('verifyInclusion', () => {
  it('accepts every proof the RFC defines', () => {
    fc.assert(
      fc.property(inclusionCase, ([size, index]) => {
        const proof = referencePath(index, 0, size, mth);
        const leafHash = LEAVES[index] as Uint8Array;
        expect(
          verifyInclusion({
            leafIndex: index,
            treeSize: size,
            leafHash,
            proof,
            root: root(size),
          }).isOk(),
        ).toBe(true);
      }),
    );
  });

  it('refuses any single flipped bit in a proof hash, the leaf hash or the root', () => {
    fc.assert(
      fc.property(
        inclusionCase,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ([size, index], target, bit) => {
          const proof = referencePath(index, 0, size, mth);
          const input = {
            leafIndex: index,
            treeSize: size,
            leafHash: LEAVES[index] as Uint8Array,
            proof,
            root: root(size),
          };
          const choice = target % (proof.length + 2);
          const tampered =
            choice < proof.length
              ? {
                  ...input,
                  proof: proof.map((hash, position) =>
                    position === choice ? flipBit(hash, bit) : hash,
                  ),
                }
              : choice === proof.length
                ? { ...input, leafHash: flipBit(input.leafHash, bit) }
                : { ...input, root: flipBit(input.root, bit) };
          expect(errorOf(verifyInclusion(tampered))?.type).toBe('audit.proof.root_mismatch');
        },
      ),
    );
  });

  it('refuses the proof at any other index of the same tree', () => {
    fc.assert(
      fc.property(inclusionCase, fc.nat(), ([size, index], other) => {
        fc.pre(size > 1);
        const wrongIndex = (index + 1 + (other % (size - 1))) % size;
        const proof = referencePath(index, 0, size, mth);
        const input = {
          leafIndex: wrongIndex,
          treeSize: size,
          leafHash: LEAVES[index] as Uint8Array,
          proof,
          root: root(size),
        };
        expect(verifyInclusion(input).isErr()).toBe(true);
      }),
    );
  });

  it('refuses another tree size unless that size gives the proof the very same shape', () => {
    // An inclusion proof chains its hashes left or right as the (index, size) pair dictates; a
    // different size with the same sides and length chains identically (leaf 0 of 7 and of 8),
    // which is why the size must come from the signed checkpoint, not from the proof.
    fc.assert(
      fc.property(inclusionCase, fc.integer({ min: 1, max: 128 }), ([size, index], otherSize) => {
        fc.pre(otherSize !== size);
        const proof = referencePath(index, 0, size, mth);
        const input = {
          leafIndex: index,
          treeSize: otherSize,
          leafHash: LEAVES[index] as Uint8Array,
          proof,
          root: root(size),
        };
        const sameShape =
          index < otherSize &&
          JSON.stringify(referencePathSides(index, 0, otherSize)) ===
            JSON.stringify(referencePathSides(index, 0, size));
        expect(verifyInclusion(input).isOk()).toBe(sameShape);
      }),
      { numRuns: 300 },
    );
    const proof = referencePath(0, 0, 8, mth);
    const input = { leafIndex: 0, leafHash: LEAVES[0] as Uint8Array, proof, root: root(8) };
    expect(verifyInclusion({ ...input, treeSize: 7 }).isOk()).toBe(true);
    expect(verifyInclusion({ ...input, treeSize: 16 }).isErr()).toBe(true);
    expect(verifyInclusion({ ...input, treeSize: 4 }).isErr()).toBe(true);
  });

  it('names why a proof is refused', () => {
    const proof = referencePath(5, 0, 8, mth);
    const good = {
      leafIndex: 5,
      treeSize: 8,
      leafHash: LEAVES[5] as Uint8Array,
      proof,
      root: root(8),
    };
    expect(verifyInclusion(good).isOk()).toBe(true);
    expect(errorOf(verifyInclusion({ ...good, leafIndex: -1 }))).toEqual({
      type: 'audit.proof.unsafe_integer',
      field: 'leafIndex',
    });
    expect(errorOf(verifyInclusion({ ...good, treeSize: 2 ** 53 }))).toEqual({
      type: 'audit.proof.unsafe_integer',
      field: 'treeSize',
    });
    expect(errorOf(verifyInclusion({ ...good, treeSize: 8.5 }))?.type).toBe(
      'audit.proof.unsafe_integer',
    );
    expect(errorOf(verifyInclusion({ ...good, leafIndex: 8 }))).toEqual({
      type: 'audit.proof.index_out_of_range',
      leafIndex: 8,
      treeSize: 8,
    });
    expect(errorOf(verifyInclusion({ ...good, leafHash: new Uint8Array(20) }))).toEqual({
      type: 'audit.proof.bad_hash_length',
      field: 'leafHash',
      lengthBytes: 20,
    });
    expect(errorOf(verifyInclusion({ ...good, root: new Uint8Array(0) }))).toEqual({
      type: 'audit.proof.bad_hash_length',
      field: 'root',
      lengthBytes: 0,
    });
    expect(
      errorOf(
        verifyInclusion({
          ...good,
          proof: [proof[0] as Uint8Array, new Uint8Array(33), proof[2] as Uint8Array],
        }),
      ),
    ).toEqual({
      type: 'audit.proof.bad_hash_length',
      field: 'proof',
      position: 1,
      lengthBytes: 33,
    });
    expect(errorOf(verifyInclusion({ ...good, proof: proof.slice(1) }))).toEqual({
      type: 'audit.proof.wrong_proof_length',
      expected: 3,
      actual: 2,
    });
    expect(errorOf(verifyInclusion({ ...good, root: root(7) }))).toEqual({
      type: 'audit.proof.root_mismatch',
      root: 'root',
    });
  });
});

describe('verifyConsistency', () => {
  it('accepts every proof the RFC defines, equal sizes included', () => {
    fc.assert(
      fc.property(consistencyCase, ([size1, size2]) => {
        const proof = referenceConsistencyProof(size1, size2, mth);
        expect(
          verifyConsistency({ size1, size2, proof, root1: root(size1), root2: root(size2) }).isOk(),
        ).toBe(true);
      }),
    );
  });

  it('refuses any single flipped bit in a proof hash or either root', () => {
    fc.assert(
      fc.property(
        consistencyCase,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ([size1, size2], target, bit) => {
          const proof = referenceConsistencyProof(size1, size2, mth);
          const input = { size1, size2, proof, root1: root(size1), root2: root(size2) };
          const choice = target % (proof.length + 2);
          const tampered =
            choice < proof.length
              ? {
                  ...input,
                  proof: proof.map((hash, position) =>
                    position === choice ? flipBit(hash, bit) : hash,
                  ),
                }
              : choice === proof.length
                ? { ...input, root1: flipBit(input.root1, bit) }
                : { ...input, root2: flipBit(input.root2, bit) };
          expect(errorOf(verifyConsistency(tampered))?.type).toBe('audit.proof.root_mismatch');
        },
      ),
    );
  });

  it('refuses the proof for any other first size', () => {
    fc.assert(
      fc.property(
        consistencyCase,
        fc.integer({ min: 0, max: 64 }),
        ([size1, size2], otherSize1) => {
          fc.pre(otherSize1 !== size1);
          const proof = referenceConsistencyProof(size1, size2, mth);
          const input = { size1: otherSize1, size2, proof, root1: root(size1), root2: root(size2) };
          expect(verifyConsistency(input).isErr()).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses the proof for another second size when the proof changes shape', () => {
    // As for inclusion, the second size is only pinned by the checkpoint that carries root2:
    // the proof from 1 to 8 leaves also chains as one from 1 to 7.
    const proof = referenceConsistencyProof(1, 8, mth);
    const input = { size1: 1, proof, root1: root(1), root2: root(8) };
    expect(verifyConsistency({ ...input, size2: 8 }).isOk()).toBe(true);
    expect(verifyConsistency({ ...input, size2: 7 }).isOk()).toBe(true);
    for (const size2 of [2, 3, 4, 9, 16, 17]) {
      expect(verifyConsistency({ ...input, size2 }).isErr()).toBe(true);
    }
    fc.assert(
      fc.property(consistencyCase, ([size1, size2]) => {
        const proof = referenceConsistencyProof(size1, size2, mth);
        const doubled = { size1, size2: size2 * 2, proof, root1: root(size1), root2: root(size2) };
        const halved = {
          size1,
          size2: Math.floor(size2 / 2),
          proof,
          root1: root(size1),
          root2: root(size2),
        };
        if (size1 < size2) expect(verifyConsistency(doubled).isErr()).toBe(true);
        if (size1 > 1) expect(verifyConsistency(halved).isErr()).toBe(true);
      }),
    );
  });

  it('names why a proof is refused, following transparency-dev/merkle at the edges', () => {
    const proof = referenceConsistencyProof(6, 8, mth);
    const good = { size1: 6, size2: 8, proof, root1: root(6), root2: root(8) };
    expect(verifyConsistency(good).isOk()).toBe(true);
    expect(errorOf(verifyConsistency({ ...good, size1: 1.5 }))).toEqual({
      type: 'audit.proof.unsafe_integer',
      field: 'size1',
    });
    expect(errorOf(verifyConsistency({ ...good, size2: Number.POSITIVE_INFINITY }))).toEqual({
      type: 'audit.proof.unsafe_integer',
      field: 'size2',
    });
    expect(errorOf(verifyConsistency({ ...good, size2: 5 }))).toEqual({
      type: 'audit.proof.sizes_out_of_order',
      size1: 6,
      size2: 5,
    });
    expect(errorOf(verifyConsistency({ ...good, size1: 0, proof: [] }))).toEqual({
      type: 'audit.proof.empty_first_tree',
    });
    const empty = root(0);
    expect(
      errorOf(verifyConsistency({ size1: 0, size2: 0, proof: [], root1: empty, root2: empty }))
        ?.type,
    ).toBe('audit.proof.empty_first_tree');
    expect(
      verifyConsistency({
        size1: 8,
        size2: 8,
        proof: [],
        root1: root(8),
        root2: root(8).slice(),
      }).isOk(),
    ).toBe(true);
    expect(
      errorOf(
        verifyConsistency({ size1: 8, size2: 8, proof: [root(8)], root1: root(8), root2: root(8) }),
      ),
    ).toEqual({ type: 'audit.proof.wrong_proof_length', expected: 0, actual: 1 });
    expect(
      errorOf(verifyConsistency({ size1: 8, size2: 8, proof: [], root1: root(8), root2: root(7) })),
    ).toEqual({ type: 'audit.proof.root_mismatch', root: 'root2' });
    expect(errorOf(verifyConsistency({ ...good, root1: new Uint8Array(31) }))).toEqual({
      type: 'audit.proof.bad_hash_length',
      field: 'root1',
      lengthBytes: 31,
    });
    expect(errorOf(verifyConsistency({ ...good, root2: new Uint8Array(64) }))).toEqual({
      type: 'audit.proof.bad_hash_length',
      field: 'root2',
      lengthBytes: 64,
    });
    expect(errorOf(verifyConsistency({ ...good, proof: [...proof, new Uint8Array(1)] }))).toEqual({
      type: 'audit.proof.bad_hash_length',
      field: 'proof',
      position: 3,
      lengthBytes: 1,
    });
    expect(errorOf(verifyConsistency({ ...good, proof: [] }))).toEqual({
      type: 'audit.proof.wrong_proof_length',
      expected: 3,
      actual: 0,
    });
    expect(errorOf(verifyConsistency({ ...good, root1: root(5) }))).toEqual({
      type: 'audit.proof.root_mismatch',
      root: 'root1',
    });
    expect(errorOf(verifyConsistency({ ...good, root2: root(7) }))).toEqual({
      type: 'audit.proof.root_mismatch',
      root: 'root2',
    });
  });
});
