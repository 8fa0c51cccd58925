import { assert } from '@strongroom/kernel';
import { assertTreeCount, countOneBits, countTrailingZeroBits, isPowerOfTwo } from './tree-math.js';

// A proof's length follows from the sizes alone, so verifiers check it before hashing anything:
// a proof with a missing or extra hash is refused as such rather than as a root mismatch.

/**
 * Splits the path from leaf `index` to the root of a tree of `size` leaves where it meets the
 * path of the last leaf: `inner` levels below (each with a sibling in the proof), and above that
 * the `border` left siblings along the right border.
 */
function splitPath(index: number, size: number): { inner: number; border: number } {
  let left = index;
  let last = size - 1;
  let inner = 0;
  while (left !== last) {
    left = Math.floor(left / 2);
    last = Math.floor(last / 2);
    inner += 1;
  }
  return { inner, border: countOneBits(left) };
}

/** The number of hashes in the inclusion proof of leaf `leafIndex` in a tree of `treeSize`. */
export function inclusionProofLength(leafIndex: number, treeSize: number): number {
  assertTreeCount(leafIndex, 'leafIndex');
  assertTreeCount(treeSize, 'treeSize');
  assert(leafIndex < treeSize, 'the leaf is in the tree');
  const { inner, border } = splitPath(leafIndex, treeSize);
  return inner + border;
}

/** The number of hashes in the consistency proof from `size1` to `size2` leaves. */
export function consistencyProofLength(size1: number, size2: number): number {
  assertTreeCount(size1, 'size1');
  assertTreeCount(size2, 'size2');
  assert(size1 > 0 && size1 <= size2, 'consistency proofs need 0 < size1 <= size2');
  if (size1 === size2) return 0;
  // The proof is the inclusion proof of the first tree's last leaf, minus the levels inside the
  // largest complete subtree that leaf ends, plus that subtree's hash unless it is the whole
  // first tree (whose root the verifier already has).
  const { inner, border } = splitPath(size1 - 1, size2);
  const seed = isPowerOfTwo(size1) ? 0 : 1;
  return seed + inner - countTrailingZeroBits(size1) + border;
}
