import { assert, err, ok, type Result } from '@strongroom/kernel';
import { HASH_LENGTH_BYTES, hashChildren, hashesEqual } from './hashing.js';
import {
  badHashLength,
  badProofHash,
  emptyFirstTree,
  type MerkleProofError,
  rootMismatch,
  sizesOutOfOrder,
  unsafeInteger,
  wrongProofLength,
} from './merkle-proof-error.js';
import { consistencyProofLength } from './proof-length.js';
import { isPowerOfTwo, isTreeCount } from './tree-math.js';

/** What {@link verifyConsistency} checks: that the tree with `root2` extends the one with `root1`. */
export interface ConsistencyProofInput {
  /** The number of leaves of the first (older) tree. */
  readonly size1: number;
  /** The number of leaves of the second (newer) tree. */
  readonly size2: number;
  /** The proof's hashes (RFC 9162 `consistency_path`). */
  readonly proof: readonly Uint8Array[];
  /** The first tree's root hash. */
  readonly root1: Uint8Array;
  /** The second tree's root hash. */
  readonly root2: Uint8Array;
}

/**
 * Verifies a consistency proof (RFC 9162 §2.1.4.2) from the proof and the two roots alone, with
 * transparency-dev/merkle's rules where the RFC is silent:
 * - `size2 < size1` fails: a log never shrinks;
 * - `size1 = 0` fails, even against another empty tree (upstream's breaking change): the empty
 *   tree is a prefix of every tree, so a "proof" from it checks nothing and is refused rather
 *   than passed (Sigsum instead accepts it; a witness starting from nothing needs no proof);
 * - `size1 = size2` needs an empty proof and the same bytes for both roots. Nothing is hashed
 *   then, so, as upstream, the roots are compared as given and not checked for length;
 * - otherwise every hash must be 32 bytes and the proof exactly as long as the sizes call for.
 */
export function verifyConsistency(input: ConsistencyProofInput): Result<void, MerkleProofError> {
  const { size1, size2, proof, root1, root2 } = input;
  if (!isTreeCount(size1)) return err(unsafeInteger('size1'));
  if (!isTreeCount(size2)) return err(unsafeInteger('size2'));
  if (size2 < size1) return err(sizesOutOfOrder(size1, size2));
  if (size1 === 0) return err(emptyFirstTree());
  if (size1 === size2) {
    if (proof.length !== 0) return err(wrongProofLength(0, proof.length));
    return hashesEqual(root1, root2) ? ok(undefined) : err(rootMismatch('root2'));
  }
  if (root1.length !== HASH_LENGTH_BYTES) return err(badHashLength('root1', root1));
  if (root2.length !== HASH_LENGTH_BYTES) return err(badHashLength('root2', root2));
  const badHash = badProofHash(proof, HASH_LENGTH_BYTES);
  if (badHash !== undefined) return err(badHash);
  const expected = consistencyProofLength(size1, size2);
  if (proof.length !== expected) return err(wrongProofLength(expected, proof.length));

  // RFC 9162 §2.1.4.2, with shifts written as halvings so sizes past 2^32 stay exact. When the
  // first tree is a complete subtree the proof omits its root, which the verifier already has.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let index = size1 - 1;
  let last = size2 - 1;
  while (index % 2 === 1) {
    index = (index - 1) / 2;
    last = Math.floor(last / 2);
  }
  let firstRoot = path[0] as Uint8Array;
  let secondRoot = firstRoot;
  for (const sibling of path.slice(1)) {
    assert(last > 0, 'the proof length was checked, so the path is not exhausted');
    if (index % 2 === 1 || index === last) {
      firstRoot = hashChildren(sibling, firstRoot);
      secondRoot = hashChildren(sibling, secondRoot);
      while (index % 2 === 0 && index !== 0) {
        index /= 2;
        last = Math.floor(last / 2);
      }
    } else {
      // A right sibling holds only leaves added after the first tree: it counts for the second.
      secondRoot = hashChildren(secondRoot, sibling);
    }
    index = Math.floor(index / 2);
    last = Math.floor(last / 2);
  }
  assert(last === 0, 'the proof length was checked, so the paths reach the root');
  if (!hashesEqual(firstRoot, root1)) return err(rootMismatch('root1'));
  if (!hashesEqual(secondRoot, root2)) return err(rootMismatch('root2'));
  return ok(undefined);
}
