import { assert, err, ok, type Result } from '@strongroom/kernel';
import { HASH_LENGTH_BYTES, hashChildren, hashesEqual } from './hashing.js';
import {
  badHashLength,
  badProofHash,
  indexOutOfRange,
  type MerkleProofError,
  rootMismatch,
  unsafeInteger,
  wrongProofLength,
} from './merkle-proof-error.js';
import { inclusionProofLength } from './proof-length.js';
import { isTreeCount } from './tree-math.js';

/** What {@link verifyInclusion} checks: that leaf `leafIndex` of the tree with `root` is `leafHash`. */
export interface InclusionProofInput {
  /** The leaf's position, from 0. */
  readonly leafIndex: number;
  /** The number of leaves in the tree `root` is the root of. */
  readonly treeSize: number;
  /** The leaf's hash (`hashLeaf(entry)`), not the entry itself. */
  readonly leafHash: Uint8Array;
  /** The proof's hashes, bottom of the tree first (RFC 9162 `inclusion_path`). */
  readonly proof: readonly Uint8Array[];
  /** The tree's root hash, e.g. from a verified checkpoint. */
  readonly root: Uint8Array;
}

/**
 * Verifies an inclusion proof (RFC 9162 §2.1.3.2) from the proof, leaf hash and root alone.
 * Inputs are checked before any hashing: sizes must be safe integers, the index below the size,
 * every hash 32 bytes and the proof exactly as long as the sizes call for. A proof does not pin
 * the tree size by itself (leaf 0's proofs in trees of 7 and 8 leaves chain alike), so take the
 * size from the same signed checkpoint as the root.
 */
export function verifyInclusion(input: InclusionProofInput): Result<void, MerkleProofError> {
  const { leafIndex, treeSize, leafHash, proof, root } = input;
  if (!isTreeCount(leafIndex)) return err(unsafeInteger('leafIndex'));
  if (!isTreeCount(treeSize)) return err(unsafeInteger('treeSize'));
  if (leafIndex >= treeSize) return err(indexOutOfRange(leafIndex, treeSize));
  if (leafHash.length !== HASH_LENGTH_BYTES) return err(badHashLength('leafHash', leafHash));
  if (root.length !== HASH_LENGTH_BYTES) return err(badHashLength('root', root));
  const badHash = badProofHash(proof, HASH_LENGTH_BYTES);
  if (badHash !== undefined) return err(badHash);
  const expected = inclusionProofLength(leafIndex, treeSize);
  if (proof.length !== expected) return err(wrongProofLength(expected, proof.length));

  // RFC 9162 §2.1.3.2 with its right shifts written as halvings, so that indexes past 2^32 stay
  // exact: `index` and `last` walk up the paths of the leaf and of the tree's last leaf.
  let index = leafIndex;
  let last = treeSize - 1;
  let computed = leafHash;
  for (const sibling of proof) {
    assert(last > 0, 'the proof length was checked, so the path is not exhausted');
    if (index % 2 === 1 || index === last) {
      computed = hashChildren(sibling, computed);
      // A node on the right border with no right sibling is carried up unchanged.
      while (index % 2 === 0 && index !== 0) {
        index /= 2;
        last = Math.floor(last / 2);
      }
    } else {
      computed = hashChildren(computed, sibling);
    }
    index = Math.floor(index / 2);
    last = Math.floor(last / 2);
  }
  assert(last === 0, 'the proof length was checked, so the path reaches the root');
  return hashesEqual(computed, root) ? ok(undefined) : err(rootMismatch('root'));
}
