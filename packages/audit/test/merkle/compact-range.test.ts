import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  type CompactRange,
  compactRange,
  compactRangeNodes,
  EMPTY_COMPACT_RANGE,
  rootOf,
} from '../../src/merkle/compact-range.js';
import { hashLeaf } from '../../src/merkle/hashing.js';
import type { TreeNode } from '../../src/merkle/node-id.js';
import { leafEntries } from './node-store.js';
import { arrayRangeHash, referenceLeafHash } from './reference-merkle.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function nodeKeys(nodes: readonly TreeNode[]): string[] {
  return nodes.map((node) => `${node.level}/${node.index}/${hex(node.hash)}`).sort();
}

/** Appends `leafHashes` in batches of the given sizes (the last batch takes the rest). */
function appendInBatches(leafHashes: readonly Uint8Array[], batchSizes: readonly number[]) {
  let state: CompactRange = EMPTY_COMPACT_RANGE;
  const nodes: TreeNode[] = [];
  let position = 0;
  for (const batchSize of [...batchSizes, leafHashes.length]) {
    const batch = leafHashes.slice(position, position + batchSize);
    position += batch.length;
    const appended = appendLeaves(state, batch);
    state = appended.state;
    nodes.push(...appended.newNodes);
    expect(hex(appended.root)).toBe(hex(rootOf(state)));
  }
  return { state, nodes };
}

describe('compact range', () => {
  it('matches the reference root after every single append, up to 300 leaves', () => {
    const leaves = leafEntries(300).map(hashLeaf);
    const mth = arrayRangeHash(leaves);
    let state = EMPTY_COMPACT_RANGE;
    expect(hex(rootOf(state))).toBe(hex(mth(0, 0)));
    for (let size = 1; size <= leaves.length; size += 1) {
      const appended = appendLeaves(state, [leaves[size - 1] as Uint8Array]);
      state = appended.state;
      expect(hex(appended.root)).toBe(hex(mth(0, size)));
      expect(state.hashes).toHaveLength(compactRangeNodes(size).length);
    }
  });

  it('gives the same nodes and root whatever the batch split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }),
        (size, batchSizes) => {
          const leaves = leafEntries(size).map(referenceLeafHash);
          const oneBatch = appendLeaves(EMPTY_COMPACT_RANGE, leaves);
          const split = appendInBatches(leaves, batchSizes);
          expect(nodeKeys(split.nodes)).toEqual(nodeKeys(oneBatch.newNodes));
          expect(split.state.hashes.map(hex)).toEqual(oneBatch.state.hashes.map(hex));
          expect(hex(oneBatch.root)).toBe(hex(arrayRangeHash(leaves)(0, size)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('emits each complete node exactly once, with its reference hash', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (size) => {
        const leaves = leafEntries(size, 7).map(referenceLeafHash);
        const mth = arrayRangeHash(leaves);
        const { newNodes } = appendLeaves(EMPTY_COMPACT_RANGE, leaves);
        const expected: string[] = [];
        for (let width = 1, level = 0; width <= size; width *= 2, level += 1) {
          for (let index = 0; (index + 1) * width <= size; index += 1) {
            expected.push(`${level}/${index}/${hex(mth(index * width, (index + 1) * width))}`);
          }
        }
        expect(nodeKeys(newNodes)).toEqual(expected.sort());
      }),
      { numRuns: 40 },
    );
  });

  it('resumes from stored border nodes as if it had never stopped', () => {
    const leaves = leafEntries(100).map(hashLeaf);
    const first = appendLeaves(EMPTY_COMPACT_RANGE, leaves.slice(0, 77));
    const stored = new Map(
      first.newNodes.map((node) => [`${node.level}/${node.index}`, node.hash]),
    );
    const resumed = compactRange(
      77,
      compactRangeNodes(77).map((node) => stored.get(`${node.level}/${node.index}`) as Uint8Array),
    );
    const continued = appendLeaves(resumed, leaves.slice(77));
    const direct = appendLeaves(EMPTY_COMPACT_RANGE, leaves);
    expect(hex(continued.root)).toBe(hex(direct.root));
  });

  it('names the border subtrees, largest first', () => {
    expect(compactRangeNodes(0)).toEqual([]);
    expect(compactRangeNodes(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(compactRangeNodes(2 ** 40 + 2 ** 33 + 1)).toEqual([
      { level: 40, index: 0 },
      { level: 33, index: 128 },
      { level: 0, index: 2 ** 40 + 2 ** 33 },
    ]);
    expect(compactRangeNodes(Number.MAX_SAFE_INTEGER)).toHaveLength(53);
  });

  it('leaves the state it was given untouched', () => {
    const leaves = leafEntries(5).map(hashLeaf);
    const before = appendLeaves(EMPTY_COMPACT_RANGE, leaves.slice(0, 3)).state;
    const hashes = before.hashes.map(hex);
    appendLeaves(before, leaves.slice(3));
    expect(before.size).toBe(3);
    expect(before.hashes.map(hex)).toEqual(hashes);
  });

  it('refuses malformed input as programmer errors', () => {
    expect(() => appendLeaves(EMPTY_COMPACT_RANGE, [new Uint8Array(31)])).toThrow(/32 bytes/);
    expect(() => compactRange(3, [hashLeaf(new Uint8Array(0))])).toThrow(/border subtree/);
    expect(() => compactRange(-1, [])).toThrow(/safe non-negative integer/);
  });
});
