import { assert } from '@strongroom/kernel';
import { assertTreeCount, powerOfTwo } from './tree-math.js';

/**
 * A complete (perfect) subtree of the log's tree: the node at `level` (0 for leaves) whose
 * subtree holds leaves `index · 2^level` to `(index + 1) · 2^level − 1`. Once complete, a node's
 * hash never changes, which is what makes it storable.
 */
export interface NodeId {
  /** The height above the leaves: 0 is a leaf, 1 a pair of leaves, … */
  readonly level: number;
  /** The node's position among the nodes of its level, from 0 at the left. */
  readonly index: number;
}

/** A complete subtree together with its hash, as a sequencer stores it. */
export interface TreeNode extends NodeId {
  /** The node's 32-byte Merkle tree hash. */
  readonly hash: Uint8Array;
}

/** Whether the subtree of `node` is complete in a tree of `treeSize` leaves. */
export function isNodeComplete(node: NodeId, treeSize: number): boolean {
  return (node.index + 1) * powerOfTwo(node.level) <= treeSize;
}

/**
 * The complete subtrees that together hold exactly leaves `begin` to `end − 1`, left to right,
 * each as large as alignment allows. For `begin = 0` these are the subtrees on the right border of
 * a tree of `end` leaves (largest first); RFC 6962 folds an incomplete subtree from them.
 */
export function completeSubtrees(begin: number, end: number): NodeId[] {
  assertTreeCount(begin, 'begin');
  assertTreeCount(end, 'end');
  assert(begin <= end, 'a leaf range ends after it begins');
  const nodes: NodeId[] = [];
  let position = begin;
  while (position < end) {
    let level = 0;
    let width = 1;
    // Grow while the doubled subtree still starts at `position` (alignment) and fits.
    while (position % (width * 2) === 0 && position + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: position / width });
    position += width;
  }
  return nodes;
}
