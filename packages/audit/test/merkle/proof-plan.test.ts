import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLeaves, EMPTY_COMPACT_RANGE } from '../../src/merkle/compact-range.js';
import { consistencyProof, inclusionProof } from '../../src/merkle/node-hash-reader.js';
import { isNodeComplete } from '../../src/merkle/node-id.js';
import { consistencyProofLength, inclusionProofLength } from '../../src/merkle/proof-length.js';
import {
  assembleProof,
  consistencyProofPlan,
  inclusionProofPlan,
  type ProofPlan,
} from '../../src/merkle/proof-plan.js';
import { verifyConsistency } from '../../src/merkle/verify-consistency.js';
import { verifyInclusion } from '../../src/merkle/verify-inclusion.js';
import { leafEntries, MemoryNodeStore } from './node-store.js';
import {
  arrayRangeHash,
  referenceConsistencyProof,
  referenceLeafHash,
  referencePath,
  SparseTree,
} from './reference-merkle.js';

function hex(hashes: readonly Uint8Array[]): string[] {
  return hashes.map((hash) => Buffer.from(hash).toString('hex'));
}

/** A tree of `size` distinct leaves, its node store and its reference MTH. */
function smallTree(size: number) {
  const leaves = leafEntries(size).map(referenceLeafHash);
  const store = new MemoryNodeStore();
  const appended = appendLeaves(EMPTY_COMPACT_RANGE, leaves);
  store.write(appended.newNodes);
  return { leaves, store, mth: arrayRangeHash(leaves) };
}

/** Checks the plan's shape: contiguous elements, complete nodes, length as the verifier expects. */
function expectWellFormed(plan: ProofPlan, treeSize: number, expectedLength: number): void {
  expect(plan.elements).toHaveLength(expectedLength);
  let next = 0;
  for (const element of plan.elements) {
    expect(element.first).toBe(next);
    expect(element.count).toBeGreaterThanOrEqual(1);
    next += element.count;
  }
  expect(next).toBe(plan.nodes.length);
  for (const node of plan.nodes) expect(isNodeComplete(node, treeSize)).toBe(true);
  // Only the one subtree that reaches the tree's right edge can be incomplete.
  expect(plan.elements.filter((element) => element.count > 1).length).toBeLessThanOrEqual(1);
}

const smallSizes = fc.integer({ min: 1, max: 300 });

describe('inclusion proofs from stored nodes', () => {
  it('equal RFC 9162 PATH and verify, for every leaf of trees up to 64 leaves', async () => {
    for (let size = 1; size <= 64; size += 1) {
      const { leaves, store, mth } = smallTree(size);
      for (let index = 0; index < size; index += 1) {
        const proof = await inclusionProof(store, index, size);
        expect(hex(proof)).toEqual(hex(referencePath(index, 0, size, mth)));
        const leafHash = leaves[index] as Uint8Array;
        expect(
          verifyInclusion({
            leafIndex: index,
            treeSize: size,
            leafHash,
            proof,
            root: mth(0, size),
          }).isOk(),
        ).toBe(true);
      }
    }
  });

  it('equal RFC 9162 PATH for random leaves of trees up to 300 leaves', async () => {
    await fc.assert(
      fc.asyncProperty(smallSizes, fc.nat(), async (size, seed) => {
        const index = seed % size;
        const { store, mth } = smallTree(size);
        const plan = inclusionProofPlan(index, size);
        expectWellFormed(plan, size, inclusionProofLength(index, size));
        expect(hex(await inclusionProof(store, index, size))).toEqual(
          hex(referencePath(index, 0, size, mth)),
        );
      }),
      { numRuns: 80 },
    );
  });

  it('reads nothing for the one-leaf tree', async () => {
    const { store } = smallTree(1);
    expect(await inclusionProof(store, 0, 1)).toEqual([]);
    expect(store.reads).toHaveLength(0);
  });
});

describe('consistency proofs from stored nodes', () => {
  it('equal RFC 9162 PROOF and verify, for every pair of sizes up to 40', async () => {
    const { store, mth } = smallTree(40);
    for (let size2 = 1; size2 <= 40; size2 += 1) {
      for (let size1 = 1; size1 <= size2; size1 += 1) {
        const proof = await consistencyProof(store, size1, size2);
        expect(hex(proof)).toEqual(hex(referenceConsistencyProof(size1, size2, mth)));
        const input = { size1, size2, proof, root1: mth(0, size1), root2: mth(0, size2) };
        expect(verifyConsistency(input).isOk()).toBe(true);
      }
    }
  });

  it('equal RFC 9162 PROOF for random sizes up to 300', async () => {
    const { store, mth } = smallTree(300);
    await fc.assert(
      fc.asyncProperty(smallSizes, smallSizes, async (first, second) => {
        const [size1, size2] = first <= second ? [first, second] : [second, first];
        const plan = consistencyProofPlan(size1, size2);
        expectWellFormed(plan, size2, consistencyProofLength(size1, size2));
        expect(hex(await consistencyProof(store, size1, size2))).toEqual(
          hex(referenceConsistencyProof(size1, size2, mth)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('refuses the empty first tree and shrinking trees as programmer errors', () => {
    expect(() => consistencyProofPlan(0, 5)).toThrow(/0 < size1 <= size2/);
    expect(() => consistencyProofPlan(6, 5)).toThrow(/0 < size1 <= size2/);
    expect(() => inclusionProofPlan(5, 5)).toThrow(/in the tree/);
    expect(() => inclusionProofPlan(2 ** 53, 2 ** 53 + 2)).toThrow(/safe non-negative integer/);
  });
});

describe('proof planning at sizes no test could materialize', () => {
  // Sparse trees: almost every leaf is empty, so any subtree hash is cheap, yet every proof is a
  // real one and is checked against the recursive RFC definitions and the verifiers.
  const largeSize = fc.bigInt({ min: 2n ** 31n, max: 2n ** 40n }).map(Number);
  const hugeSize = fc.bigInt({ min: 2n ** 52n, max: 2n ** 53n - 1n }).map(Number);

  function checkInclusion(size: number, indexSeed: bigint) {
    const index = Number(indexSeed % BigInt(size));
    const tree = new SparseTree([index, Math.max(0, index - 1), size - 1, Math.floor(size / 3)]);
    return inclusionProof(tree.reader, index, size).then((proof) => {
      expectWellFormed(inclusionProofPlan(index, size), size, inclusionProofLength(index, size));
      expect(hex(proof)).toEqual(hex(referencePath(index, 0, size, tree.rangeHash)));
      const root = tree.rangeHash(0, size);
      const leafHash = tree.leafHash(index);
      expect(
        verifyInclusion({ leafIndex: index, treeSize: size, leafHash, proof, root }).isOk(),
      ).toBe(true);
    });
  }

  async function checkConsistency(first: number, second: number) {
    const [size1, size2] = first <= second ? [first, second] : [second, first];
    const tree = new SparseTree([size1 - 1, size1, size2 - 1, Math.floor(size2 / 5)]);
    const proof = await consistencyProof(tree.reader, size1, size2);
    expectWellFormed(
      consistencyProofPlan(size1, size2),
      size2,
      consistencyProofLength(size1, size2),
    );
    expect(hex(proof)).toEqual(hex(referenceConsistencyProof(size1, size2, tree.rangeHash)));
    const input = {
      size1,
      size2,
      proof,
      root1: tree.rangeHash(0, size1),
      root2: tree.rangeHash(0, size2),
    };
    expect(verifyConsistency(input).isOk()).toBe(true);
  }

  it('builds and verifies inclusion proofs in trees of 2^31 to 2^40 leaves', async () => {
    await fc.assert(
      fc.asyncProperty(largeSize, fc.bigInt({ min: 0n, max: 2n ** 60n }), checkInclusion),
      { numRuns: 60 },
    );
  });

  it('builds and verifies consistency proofs between trees of 2^31 to 2^40 leaves', async () => {
    await fc.assert(fc.asyncProperty(largeSize, largeSize, checkConsistency), { numRuns: 60 });
  });

  it('stays exact up to 2^53 − 1 leaves, where 32-bit arithmetic would have wrapped long ago', async () => {
    await fc.assert(
      fc.asyncProperty(hugeSize, fc.bigInt({ min: 0n, max: 2n ** 60n }), checkInclusion),
      { numRuns: 20 },
    );
    await fc.assert(fc.asyncProperty(hugeSize, hugeSize, checkConsistency), { numRuns: 20 });
    const max = Number.MAX_SAFE_INTEGER;
    await checkInclusion(max, BigInt(max - 1));
    await checkInclusion(max, 2n ** 32n);
    await checkConsistency(2 ** 32 + 1, max);
    await checkConsistency(max - 1, max);
  });
});

describe('assembleProof', () => {
  it('folds an incomplete right subtree from its complete parts, right to left', () => {
    const { mth } = smallTree(7);
    // Leaf 0 of 7: the last proof hash is MTH(D[4:7]), made of nodes 1/2 (leaves 4–5) and 0/6.
    const plan = inclusionProofPlan(0, 7);
    expect(plan.nodes).toEqual([
      { level: 0, index: 1 },
      { level: 1, index: 1 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(plan.elements).toEqual([
      { first: 0, count: 1 },
      { first: 1, count: 1 },
      { first: 2, count: 2 },
    ]);
    const hashes = [mth(1, 2), mth(2, 4), mth(4, 6), mth(6, 7)];
    expect(hex(assembleProof(plan, hashes))).toEqual(hex([mth(1, 2), mth(2, 4), mth(4, 7)]));
  });

  it('refuses hashes that do not fit the plan', () => {
    const plan = inclusionProofPlan(0, 7);
    expect(() => assembleProof(plan, [])).toThrow(/one hash per planned node/);
    const short = [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), new Uint8Array(3)];
    expect(() => assembleProof(plan, short)).toThrow(/32 bytes/);
  });
});
