import { assert } from '@strongroom/kernel';
import {
  DEFAULT_MERKLE_HASHER,
  EMPTY_TREE_ROOT,
  HASH_LENGTH_BYTES,
  type MerkleHasher,
} from './hashing.js';
import { completeSubtrees, type NodeId, type TreeNode } from './node-id.js';
import { assertTreeCount, powerOfTwo, TREE_SIZE_MAX } from './tree-math.js';

/**
 * Everything needed to extend a tree without reading it: the hashes of the complete subtrees on
 * its right border (one per one bit of `size`, largest first), like Trillian's compact range
 * anchored at leaf 0. It is at most 53 hashes, whatever the tree size.
 */
export interface CompactRange {
  /** The number of leaves in the tree. */
  readonly size: number;
  /** The border subtrees' hashes, left to right; see {@link compactRangeNodes} for their ids. */
  readonly hashes: readonly Uint8Array[];
}

/** What {@link appendLeaves} returns. */
export interface AppendResult {
  /** The compact range of the extended tree. */
  readonly state: CompactRange;
  /**
   * Every node that became complete, leaves (level 0) included, in the order they completed: a
   * sequencer stores these and can then serve any proof from stored nodes alone.
   */
  readonly newNodes: readonly TreeNode[];
  /** The root hash of the extended tree. */
  readonly root: Uint8Array;
}

/** The compact range of the empty tree. */
export const EMPTY_COMPACT_RANGE: CompactRange = Object.freeze({
  size: 0,
  hashes: Object.freeze([]) as readonly Uint8Array[],
});

/** The ids of the border subtrees of a tree of `size` leaves: the nodes to load to resume it. */
export function compactRangeNodes(size: number): NodeId[] {
  return completeSubtrees(0, size);
}

/**
 * Rebuilds a compact range from stored node hashes, e.g. when a sequencer restarts: `hashes`
 * are those of {@link compactRangeNodes}`(size)`, in that order.
 */
export function compactRange(size: number, hashes: readonly Uint8Array[]): CompactRange {
  assertTreeCount(size, 'size');
  assert(
    hashes.length === compactRangeNodes(size).length,
    'a compact range holds one hash per border subtree',
  );
  assert(
    hashes.every((hash) => hash.length === HASH_LENGTH_BYTES),
    'compact range hashes are 32 bytes',
  );
  return Object.freeze({ size, hashes: Object.freeze([...hashes]) });
}

/**
 * The root hash of the tree a compact range describes: the border hashes folded right to left,
 * which is RFC 6962's MTH because every split point is the largest power of two below the size.
 */
export function rootOf(
  state: CompactRange,
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): Uint8Array {
  const last = state.hashes.at(-1);
  if (last === undefined) return EMPTY_TREE_ROOT.slice();
  let root = last;
  for (let position = state.hashes.length - 2; position >= 0; position -= 1) {
    root = hasher.hashChildren(state.hashes[position] as Uint8Array, root);
  }
  return root;
}

/**
 * Appends leaf hashes (see `hashLeaf`) to a tree, returning its new compact range, every node
 * that became complete and the new root. Pure: `state` is left untouched.
 */
export function appendLeaves(
  state: CompactRange,
  leafHashes: readonly Uint8Array[],
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): AppendResult {
  assert(
    leafHashes.length <= TREE_SIZE_MAX - state.size,
    'the tree would outgrow exact number sizes',
  );
  const border: { level: number; hash: Uint8Array }[] = compactRangeNodes(state.size).map(
    (node, position) => ({ level: node.level, hash: state.hashes[position] as Uint8Array }),
  );
  assert(border.length === state.hashes.length, 'the compact range matches its size');
  const newNodes: TreeNode[] = [];
  let size = state.size;
  for (const leafHash of leafHashes) {
    assert(leafHash.length === HASH_LENGTH_BYTES, 'leaf hashes are 32 bytes');
    let node: TreeNode = { level: 0, index: size, hash: leafHash };
    newNodes.push(node);
    // Adding leaf `size` completes one more subtree for each trailing one bit of `size`: each
    // merges with the equally tall border subtree on its left.
    while (Math.floor(size / powerOfTwo(node.level)) % 2 === 1) {
      const left = border.pop();
      assert(left?.level === node.level, 'the border holds a subtree of the same height');
      node = {
        level: node.level + 1,
        index: Math.floor(node.index / 2),
        hash: hasher.hashChildren(left.hash, node.hash),
      };
      newNodes.push(node);
    }
    border.push({ level: node.level, hash: node.hash });
    size += 1;
  }
  const next: CompactRange = Object.freeze({
    size,
    hashes: Object.freeze(border.map((entry) => entry.hash)),
  });
  return { state: next, newNodes, root: rootOf(next, hasher) };
}
