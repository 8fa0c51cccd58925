import { assert } from '@strongroom/kernel';
import { DEFAULT_MERKLE_HASHER, HASH_LENGTH_BYTES, type MerkleHasher } from './hashing.js';
import { completeSubtrees, type NodeId } from './node-id.js';
import { assertTreeCount, largestPowerOfTwoBelow } from './tree-math.js';

/**
 * One hash of a proof: `count` consecutive entries of {@link ProofPlan.nodes} from `first`. One
 * entry is a complete subtree used as is; several (left to right) make an incomplete subtree on
 * the tree's right border, whose hash is theirs folded right to left.
 */
export interface ProofElementPlan {
  /** The position in `nodes` of this element's leftmost node. */
  readonly first: number;
  /** How many nodes this element is made of; at least 1. */
  readonly count: number;
}

/**
 * Which stored complete-subtree nodes make up a proof and how: fetch the hashes of `nodes`, then
 * {@link assembleProof} turns them into the proof's hash list (bottom of the tree first).
 */
export interface ProofPlan {
  /** Every node to fetch, each once, in the order `assembleProof` expects their hashes. */
  readonly nodes: readonly NodeId[];
  /** One entry per proof hash, in proof order. */
  readonly elements: readonly ProofElementPlan[];
}

/** A run of leaves `begin` to `end − 1`: the subtree whose hash a proof element carries. */
interface LeafRange {
  readonly begin: number;
  readonly end: number;
}

function planFromRanges(rangesTopDown: readonly LeafRange[]): ProofPlan {
  const nodes: NodeId[] = [];
  const elements: ProofElementPlan[] = [];
  // The ranges were found from the root down; proofs list hashes from the leaf up.
  for (const range of [...rangesTopDown].reverse()) {
    const subtrees = completeSubtrees(range.begin, range.end);
    elements.push({ first: nodes.length, count: subtrees.length });
    nodes.push(...subtrees);
  }
  return { nodes, elements };
}

/**
 * Plans the inclusion proof of leaf `leafIndex` in a tree of `treeSize` leaves: RFC 9162 PATH,
 * walked from the root with the split at the largest power of two below each subtree's size.
 */
export function inclusionProofPlan(leafIndex: number, treeSize: number): ProofPlan {
  assertTreeCount(leafIndex, 'leafIndex');
  assertTreeCount(treeSize, 'treeSize');
  assert(leafIndex < treeSize, 'the leaf is in the tree');
  const ranges: LeafRange[] = [];
  let begin = 0;
  let end = treeSize;
  while (end - begin > 1) {
    const split = begin + largestPowerOfTwoBelow(end - begin);
    if (leafIndex < split) {
      ranges.push({ begin: split, end });
      end = split;
    } else {
      ranges.push({ begin, end: split });
      begin = split;
    }
  }
  return planFromRanges(ranges);
}

/**
 * Plans the consistency proof from a tree of `size1` leaves to one of `size2`: RFC 9162
 * SUBPROOF. Needs 0 < size1 <= size2 (there is nothing to prove from the empty tree); equal
 * sizes give the empty proof.
 */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  assertTreeCount(size1, 'size1');
  assertTreeCount(size2, 'size2');
  assert(size1 > 0 && size1 <= size2, 'consistency proofs need 0 < size1 <= size2');
  const ranges: LeafRange[] = [];
  let begin = 0;
  let end = size2;
  // `wholeFirstTree` is RFC 9162's flag b: true while the subtree in hand still starts the
  // first tree, whose root the verifier already holds and so need not be sent.
  let wholeFirstTree = true;
  // The first tree's leaves in the subtree in hand are `begin` to `size1 − 1` (RFC's m).
  while (size1 !== end) {
    const split = begin + largestPowerOfTwoBelow(end - begin);
    if (size1 <= split) {
      ranges.push({ begin: split, end });
      end = split;
    } else {
      ranges.push({ begin, end: split });
      begin = split;
      wholeFirstTree = false;
    }
  }
  if (!wholeFirstTree) ranges.push({ begin, end });
  return planFromRanges(ranges);
}

/**
 * Turns the fetched hashes of `plan.nodes` (same order) into the proof's hash list, folding the
 * nodes of an incomplete subtree right to left as RFC 6962's MTH does, with `hasher`.
 */
export function assembleProof(
  plan: ProofPlan,
  hashes: readonly Uint8Array[],
  hasher: MerkleHasher = DEFAULT_MERKLE_HASHER,
): Uint8Array[] {
  assert(hashes.length === plan.nodes.length, 'one hash per planned node');
  assert(
    hashes.every((hash) => hash.length === HASH_LENGTH_BYTES),
    'node hashes are 32 bytes',
  );
  return plan.elements.map(({ first, count }) => {
    assert(count >= 1 && first + count <= hashes.length, 'plan elements stay within its nodes');
    let folded = hashes[first + count - 1] as Uint8Array;
    for (let position = first + count - 2; position >= first; position -= 1) {
      folded = hasher.hashChildren(hashes[position] as Uint8Array, folded);
    }
    return folded;
  });
}
