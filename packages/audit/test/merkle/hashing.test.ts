import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { appendLeaves, EMPTY_COMPACT_RANGE, rootOf } from '../../src/merkle/compact-range.js';
import {
  EMPTY_TREE_ROOT,
  HASH_LENGTH_BYTES,
  hashChildren,
  hashesEqual,
  hashLeaf,
} from '../../src/merkle/hashing.js';
import { LEAF_INPUTS, NODE_HASHES_HEX, ROOT_HASHES_HEX } from './test-tree.js';

describe('RFC 6962 hashing', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(bytesToHex(EMPTY_TREE_ROOT)).toBe(ROOT_HASHES_HEX[0]);
    expect(EMPTY_TREE_ROOT.length).toBe(HASH_LENGTH_BYTES);
  });

  it('hashes the eight test leaves with the 0x00 prefix', () => {
    expect(LEAF_INPUTS.map((entry) => bytesToHex(hashLeaf(entry)))).toEqual(NODE_HASHES_HEX[0]);
  });

  it('hashes interior nodes with the 0x01 prefix', () => {
    const leaves = LEAF_INPUTS.map(hashLeaf);
    const pairs = [0, 2, 4, 6].map((left) =>
      bytesToHex(hashChildren(leaves[left] as Uint8Array, leaves[left + 1] as Uint8Array)),
    );
    expect(pairs).toEqual(NODE_HASHES_HEX[1]);
  });

  it('refuses to hash children that are not 32-byte hashes', () => {
    expect(() => hashChildren(new Uint8Array(31), EMPTY_TREE_ROOT)).toThrow(/32-byte/);
  });

  it('reproduces the published root of every prefix of the test tree, 0 to 8 leaves', () => {
    const leaves = LEAF_INPUTS.map(hashLeaf);
    const roots = [bytesToHex(rootOf(EMPTY_COMPACT_RANGE))];
    let state = EMPTY_COMPACT_RANGE;
    for (const leaf of leaves) {
      const appended = appendLeaves(state, [leaf]);
      state = appended.state;
      roots.push(bytesToHex(appended.root));
    }
    expect(roots).toEqual(ROOT_HASHES_HEX);
    expect(roots[8]?.startsWith('5dc9da79')).toBe(true);
    expect(roots[8]?.endsWith('4328')).toBe(true);
  });

  it('emits every complete node of the test tree with its published hash', () => {
    const { newNodes } = appendLeaves(EMPTY_COMPACT_RANGE, LEAF_INPUTS.map(hashLeaf));
    const byLevel = NODE_HASHES_HEX.map((level) => level.map(() => ''));
    for (const node of newNodes) {
      const level = byLevel[node.level] as string[];
      level[node.index] = bytesToHex(node.hash);
    }
    expect(byLevel).toEqual(NODE_HASHES_HEX);
    expect(newNodes).toHaveLength(15);
  });

  it('hands out a copy of the empty root, never the shared constant', () => {
    const root = rootOf(EMPTY_COMPACT_RANGE);
    root[0] = 0;
    expect(bytesToHex(EMPTY_TREE_ROOT)).toBe(ROOT_HASHES_HEX[0]);
  });

  it('compares hashes byte by byte', () => {
    expect(hashesEqual(EMPTY_TREE_ROOT, EMPTY_TREE_ROOT.slice())).toBe(true);
    expect(hashesEqual(EMPTY_TREE_ROOT, EMPTY_TREE_ROOT.slice(1))).toBe(false);
    const flipped = EMPTY_TREE_ROOT.slice();
    flipped[31] = (flipped[31] as number) ^ 1;
    expect(hashesEqual(EMPTY_TREE_ROOT, flipped)).toBe(false);
  });
});
