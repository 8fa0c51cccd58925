import { sha256 } from '@noble/hashes/sha2.js';
import { assert } from '@strongroom/kernel';

/** The length of every Merkle tree hash (SHA-256), in bytes. */
export const HASH_LENGTH_BYTES = 32;

// RFC 6962 §2.1 domain-separates leaves from interior nodes, so no leaf can pose as a subtree
// (the second-preimage attack on plain Merkle trees).
const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/**
 * The root of the empty tree, SHA-256 of the empty string (`e3b0c442…b855`). Shared, so never
 * mutate it; {@link rootOf} hands out copies.
 */
export const EMPTY_TREE_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** The hash of a leaf: SHA-256(0x00 ‖ entry), RFC 6962 §2.1. */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return sha256.create().update(LEAF_PREFIX).update(entry).digest();
}

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right), RFC 6962 §2.1. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  assert(
    left.length === HASH_LENGTH_BYTES && right.length === HASH_LENGTH_BYTES,
    'hashChildren takes two 32-byte hashes',
  );
  return sha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

/**
 * Whether two hashes are the same bytes. Not constant-time on purpose: tree hashes, roots and
 * proofs are public (they are published in checkpoints and served to anyone), so timing reveals
 * nothing an attacker could not read directly.
 */
export function hashesEqual(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let position = 0; position < left.length; position += 1) {
    if (left[position] !== right[position]) return false;
  }
  return true;
}
