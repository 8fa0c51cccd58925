import { AssertionFailure } from '@strongroom/kernel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MERKLE_HASHER, type LeafTree, RootAccumulator } from '../../src/index.js';
import { parallelLeafTree } from '../../src/node.js';

// The root the single-threaded accumulator gives for the same leaves: what every split must match.
function expectedRoot(leaves: readonly Uint8Array[]): string {
  const accumulator = new RootAccumulator();
  for (const leaf of leaves) accumulator.push(DEFAULT_MERKLE_HASHER.hashLeaf(leaf));
  return Buffer.from(accumulator.root()).toString('hex');
}

async function rootOfTree(tree: LeafTree): Promise<string> {
  try {
    return Buffer.from(await tree.root()).toString('hex');
  } finally {
    await tree.close();
  }
}

const textEncoder = new TextEncoder();

describe('parallelLeafTree', () => {
  it('gives the RFC 6962 root of the eight-leaf test tree, in batches of one to four leaves', async () => {
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657'];
    inputs.push('606162636465666768696a6b6c6d6e6f');
    for (const batchLeaves of [1, 2, 4]) {
      const tree = parallelLeafTree({ workers: 2, batchLeaves })(inputs.length);
      for (const hex of inputs) tree.addLeaf(Buffer.from(hex, 'hex'));
      // RootHashes()[8] of transparency-dev/merkle testonly/constants.go.
      expect(await rootOfTree(tree)).toBe(
        '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
      );
    }
  });

  it('matches the single-threaded root for any leaves, batch size and worker count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 70 }),
        fc.constantFrom(1, 2, 4, 8, 16),
        fc.integer({ min: 1, max: 3 }),
        async (leaves, batchLeaves, workers) => {
          const tree = parallelLeafTree({ workers, batchLeaves })(leaves.length);
          for (const leaf of leaves) tree.addLeaf(leaf);
          expect(tree.size).toBe(leaves.length);
          expect(await rootOfTree(tree)).toBe(expectedRoot(leaves));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('hashes text leaves as their UTF-8, multi-byte characters included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { minLength: 5, maxLength: 40 }),
        async (texts) => {
          const tree = parallelLeafTree({ workers: 2, batchLeaves: 4 })(texts.length);
          for (const text of texts) tree.addLeafText(text);
          expect(await rootOfTree(tree)).toBe(
            expectedRoot(texts.map((text) => textEncoder.encode(text))),
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it('cuts a batch of long leaves short by its bytes, and later batches grow back', async () => {
    // Six 1.5 MB leaves, then small ones, in batches of up to 8: the 4 MiB byte limit sends the
    // first batch at 4 leaves; the next, starting at leaf 4, may hold 4; from leaf 8 on, 8 again.
    const leaves = Array.from({ length: 26 }, (_, n) =>
      new Uint8Array(n < 6 ? 1_500_000 : 40).fill(n),
    );
    const tree = parallelLeafTree({ workers: 2, batchLeaves: 8 })(leaves.length);
    for (const leaf of leaves) tree.addLeaf(leaf);
    expect(await rootOfTree(tree)).toBe(expectedRoot(leaves));
  });

  it('holds at most two batches per worker in flight, and says when it can take more', async () => {
    const tree = parallelLeafTree({ workers: 1, batchLeaves: 1 })(10);
    try {
      tree.addLeaf(Uint8Array.of(1)); // batch 0 starts at leaf 0: one leaf, sent at once
      expect(tree.backlog()).toBeUndefined();
      tree.addLeaf(Uint8Array.of(2));
      const backlog = tree.backlog();
      expect(backlog).toBeInstanceOf(Promise);
      await backlog;
      expect(tree.backlog()).toBeUndefined();
      expect(await rootOfTree(tree)).toBe(expectedRoot([Uint8Array.of(1), Uint8Array.of(2)]));
    } finally {
      await tree.close();
    }
  });

  it('refuses worker counts and batch sizes out of range', () => {
    for (const options of [
      { workers: 0 },
      { workers: 65 },
      { workers: 1.5 },
      { batchLeaves: 0 },
      { batchLeaves: 3 },
      { batchLeaves: 2 ** 21 },
    ]) {
      expect(() => parallelLeafTree(options)).toThrow(AssertionFailure);
    }
  });
});
